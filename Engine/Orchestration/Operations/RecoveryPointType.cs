namespace Failback.Engine.Orchestration.Operations;

/// <summary>ASR's recoveryPointType for an unplanned failover (FO-2).</summary>
public enum RecoveryPointType
{
    /// <summary>The latest point in time (crash-consistent).</summary>
    LatestTime,
    /// <summary>The latest app-consistent point: older than the latest, so later data is lost.</summary>
    LatestTag,
    /// <summary>A point picked from the list, named by its id.</summary>
    Custom,
}
