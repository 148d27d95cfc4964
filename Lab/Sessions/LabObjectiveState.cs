namespace Failback.Lab.Sessions;

/// <summary>An objective as checked now: whether its expectation holds, and the value the lab actually has.</summary>
public sealed record LabObjectiveState(LabObjective Objective, bool Held, string Actual)
{
    public int Score => Held ? Objective.Points : 0;
    /// <summary>When a step's end first found it held (virtual time since the world was ready), or null.</summary>
    public TimeSpan? ReachedAt { get; init; }
}
