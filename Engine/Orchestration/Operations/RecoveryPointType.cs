namespace Failback.Engine.Orchestration.Operations;

/// <summary>ASR's recoveryPointType for an unplanned failover (FO-2).</summary>
public enum RecoveryPointType
{
    /// <summary>The newest point already processed (InMage's LatestTime; the portal's "Latest processed", lowest RTO).</summary>
    LatestTime,
    /// <summary>The latest app-consistent point: older than the latest, so later data is lost.</summary>
    LatestTag,
    /// <summary>A point picked from the list, named by its id.</summary>
    Custom,
    /// <summary>
    /// ASR's "Latest" (InMageV2RpRecoveryPointType.Latest, lowest RPO): the changes still on their way are processed
    /// first (the job's "Synchronizing the latest changes") and the failover uses the point made from them.
    /// </summary>
    Latest,
}
