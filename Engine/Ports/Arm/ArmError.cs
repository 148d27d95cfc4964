namespace Failback.Engine.Ports.Arm;

/// <summary>ARM's error body: <c>{ "error": { "code", "message", "target" } }</c>.</summary>
public sealed record ArmError(string Code, string Message, string? Target = null)
{
    public override string ToString() => Target is null ? $"{Code}: {Message}" : $"{Code} ({Target}): {Message}";
}
