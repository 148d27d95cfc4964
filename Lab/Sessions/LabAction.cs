namespace Failback.Lab.Sessions;

/// <summary>
/// One command of the session as the action log shows it: who, what (the command's JSON), when it was applied and when
/// its step ended (virtual time since the world was ready), and how it ended (a refusal's code and message).
/// </summary>
public sealed record LabAction(int Step, LabRole Role, LabCommandKind Kind, string Name, string Command, TimeSpan At)
{
    public TimeSpan? End { get; internal set; }
    public LabOutcome Outcome { get; internal set; } = LabOutcome.Accepted;
    public string? Code { get; internal set; }
    public string? Detail { get; internal set; }
}
