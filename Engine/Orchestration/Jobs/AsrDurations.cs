namespace Failback.Engine.Orchestration.Jobs;

/// <summary>
/// Every wait ASR makes its users sit through, in one place: each is a range, and the vault draws each wait from it
/// with its seeded draws (<see cref="Vault.VaultSettings.DurationSeed"/>), so a drill replays the same waits from its
/// seed. <see cref="Asr"/> holds the documented times and is the default; <see cref="Instant"/> makes every wait zero
/// and is used only when asked for (a drill's <c>durations: instant</c>, a test's topology), never silently. The waits
/// of the simulated sites themselves (a vSphere task, an ARM deployment) are the simulators', not ASR's, and stay.
/// </summary>
public sealed record AsrDurations
{
    /// <summary>
    /// A vCenter added to the configuration server: its virtual machines are discovered 15-20 minutes later
    /// (learn.microsoft.com/azure/site-recovery/vmware-azure-disaster-recovery-powershell). The "Add vCenter server" job's last task.
    /// </summary>
    public DurationRange VCenterDiscovery { get; init; } = DurationRange.Minutes(15, 20);

    /// <summary>A new process server is listed 10-15 minutes after it registers (the seed's PS-6). The registration job's last task.</summary>
    public DurationRange ProcessServerListing { get; init; } = DurationRange.Minutes(10, 15);

    /// <summary>
    /// A master target's retention drive is listed up to 15 minutes after the master target registers
    /// (learn.microsoft.com/azure/site-recovery/vmware-azure-prepare-failback: "refresh the configuration server"); the
    /// lower bound, 5 minutes, is the project's (no source gives one). The registration job's last task.
    /// </summary>
    public DurationRange RetentionDriveListing { get; init; } = DurationRange.Minutes(5, 15);

    /// <summary>Refreshing the configuration server takes about 15 minutes (issue 15's figure; the portal's "Refresh server"): 13-17 minutes.</summary>
    public DurationRange ConfigurationServerRefresh { get; init; } = DurationRange.Minutes(13, 17);

    /// <summary>
    /// After a failover to Azure the mobility agent of the Azure VM re-registers with the configuration server up to 15
    /// minutes after the VM boots; until it has, reprotect fails with 95226 (learn.microsoft.com/azure/site-recovery/vmware-azure-reprotect).
    /// The lower bound, 5 minutes, is the project's.
    /// </summary>
    public DurationRange AgentReRegistration { get; init; } = DurationRange.Minutes(5, 15);

    /// <summary>The prerequisites check that opens an infrastructure job: 10-30 seconds (no public source gives a figure; the project's estimate).</summary>
    public DurationRange PrerequisitesCheck { get; init; } = DurationRange.Seconds(10, 30);

    /// <summary>The documented waits: the default of every vault.</summary>
    public static AsrDurations Asr { get; } = new();

    /// <summary>Every ASR wait zero: asked for explicitly (a drill's <c>durations: instant</c>), for drills about other things.</summary>
    public static AsrDurations Instant { get; } = new()
    {
        VCenterDiscovery = DurationRange.Zero, ProcessServerListing = DurationRange.Zero, RetentionDriveListing = DurationRange.Zero,
        ConfigurationServerRefresh = DurationRange.Zero, AgentReRegistration = DurationRange.Zero, PrerequisitesCheck = DurationRange.Zero,
    };
}
