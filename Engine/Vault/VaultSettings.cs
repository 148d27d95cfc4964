using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Ports.Arm;

namespace Failback.Engine.Vault;

/// <summary>
/// What a Recovery Services vault for VMware needs to know about both sites: the vCenter it discovers
/// (and the account), the configuration server (its database file, address and passphrase), and where
/// failed-over machines go in Azure (subscription, resource group, region, virtual network and subnet).
/// </summary>
public sealed record VaultSettings
{
    public required string VCenterServer { get; init; }
    public required string VCenterUser { get; init; }
    public required string VCenterPassword { get; init; }

    /// <summary>The configuration server's SQLite database: created when missing, opened otherwise.</summary>
    public required string ConfigurationDatabasePath { get; init; }
    public string ConfigurationServerName { get; init; } = "cs-01";
    /// <summary>The configuration server's address as the network knows it (its host name or IP).</summary>
    public required string ConfigurationServerIp { get; init; }
    public required string Passphrase { get; init; }
    /// <summary>The salt of the passphrase's stored key (16 bytes or more), drawn from the simulation's seeded choices.</summary>
    public required byte[] PassphraseSalt { get; init; }

    /// <summary>Where retention journals live (the master target's retention volume and Azure's journal), one folder per leg.</summary>
    public required string JournalDirectory { get; init; }

    public required string SubscriptionId { get; init; }
    public string ResourceGroup { get; init; } = "asr-recovery";
    public string Location { get; init; } = "westeurope";
    /// <summary>The virtual network failed-over VMs join (PRE-2: it must exist).</summary>
    public required string RecoveryNetwork { get; init; }
    public string RecoverySubnet { get; init; } = "default";
    public string RecoveryVmSize { get; init; } = "Standard_D2s_v3";

    internal ResourceId RecoveryNetworkId => ArmTypes.VirtualNetwork(SubscriptionId, ResourceGroup, RecoveryNetwork);
    internal ResourceId RecoverySubnetId => ResourceId.Parse($"{RecoveryNetworkId}/subnets/{RecoverySubnet}");

    /// <summary>The waits ASR makes (discovery, listing, agent re-registration, job tasks): ASR's documented ones unless shortened on purpose.</summary>
    public AsrDurations Durations { get; init; } = AsrDurations.Asr;
    /// <summary>The seed of the vault's draws of <see cref="Durations"/>, from the simulation's seeded choices.</summary>
    public ulong DurationSeed { get; init; }

    /// <summary>The process servers' cache (bytes) when none is given.</summary>
    public long ProcessServerCacheBytes { get; init; } = 256L << 20;
}
