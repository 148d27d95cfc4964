namespace Failback.Scenarios.Language;

/// <summary>Bad scenario input, located at file, line and column (1-based), as editors expect.</summary>
public sealed class ScenarioError(string file, int line, int column, string message)
    : Exception($"{file}:{line}:{column}: {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Reason { get; } = message;
}
