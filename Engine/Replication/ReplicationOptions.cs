namespace Failback.Engine.Replication;

/// <summary>Tunables of the data path; the defaults suit simulations of hours to days.</summary>
internal sealed record ReplicationOptions
{
    /// <summary>The most bytes one batch carries from the agent to the process server and on to the target.</summary>
    public long MaxBatchBytes { get; init; } = 4 << 20;
    public int ResyncBlockSize { get; init; } = ChangedBlockBitmap.DefaultBlockSize;
    /// <summary>How long a transfer that found no path waits before it is tried again.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How often the RPO is sampled for health and its maximum.</summary>
    public TimeSpan RpoSampleInterval { get; init; } = TimeSpan.FromMinutes(1);
    public int AgentPort { get; init; } = 9443;
    public int TargetPort { get; init; } = 443;
}
