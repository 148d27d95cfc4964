namespace Failback.Engine.Components;

/// <summary>
/// A volume of the master target's guest as a file-system probe reports it: where it is mounted,
/// its file system (null when unformatted), its size, and what the server already uses it for.
/// </summary>
public sealed record VolumeInfo(string MountPoint, string? FileSystem, long CapacityBytes, bool Locked = false, string? UsedFor = null);

/// <summary>A volume offered as a retention drive, or the reasons it is not (RP-4).</summary>
public sealed record RetentionCandidate(VolumeInfo Volume, IReadOnlyList<string> Reasons)
{
    public bool Eligible => Reasons.Count == 0;
}

/// <summary>What the master target's VM looks like in vSphere, for the checks that need it (PRE-7, PRE-8).</summary>
public sealed record MasterTargetVmFacts(IReadOnlyDictionary<string, string> ExtraConfig, bool StorageVMotioned, bool HasSnapshots = false);

/// <summary>An unmet master-target prerequisite, with the rule it comes from and what to do.</summary>
public sealed record PrerequisiteFailure(string RuleId, string Message);
