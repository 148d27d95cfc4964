namespace Failback.Simulators.Disks.Check;

/// <summary>One corruption: what kind, in which file, and a message that says what is wrong.</summary>
public sealed record DiskProblem(DiskProblemKind Kind, string File, string Message)
{
    public override string ToString() => $"{File}: {Message}";
}
