using Failback.Engine.Orchestration.Items;
using Failback.Engine.Replication;

namespace Failback.Engine.Vault;

/// <summary>
/// What a failover cost: the point it used, and the guest writes after that point that the recovered
/// machine does not have (count, bytes, and the window they were written in).
/// </summary>
public sealed record FailoverAccounting(string ItemId, Site Target, RecoveryPoint Point, DataLoss Lost)
{
    /// <summary>How much time of writes was lost: from the point to the last lost write.</summary>
    public TimeSpan DataLossWindow => Lost.LastLostWrite is { } last ? last - Point.Time : TimeSpan.Zero;
}
