namespace Failback.Scenarios.Cli;

/// <summary>Bad command-line input: the message says what is wrong; the exit code is 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
