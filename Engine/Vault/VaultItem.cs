using Failback.Engine.Orchestration.Items;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.VSphere;

namespace Failback.Engine.Vault;

/// <summary>One disk of a protected machine: its id in the item, capacity, and where it lives now at each site.</summary>
internal sealed record ItemDisk(string DiskId, long Capacity)
{
    /// <summary>The VMDK on-premises (the original VM's, or the new VM's after an alternate-location failback).</summary>
    public string? VmdkPath { get; set; }
    /// <summary>The disk's device key in that VM (how the guest's view of it is opened).</summary>
    public int? DeviceKey { get; set; }
    /// <summary>The managed disk in Azure that holds the replica (and, once a failover to Azure is committed, the Azure VM's disk).</summary>
    public ResourceId? AzureDisk { get; set; }
    /// <summary>
    /// Between a failover to Azure and its commit: the Azure VM's disk, made from the recovery point while the replica and
    /// its points stay (so the point can still change); the commit makes it <see cref="AzureDisk"/> and deletes the replica.
    /// </summary>
    public ResourceId? RecoveredDisk { get; set; }

    /// <summary>The disk the Azure VM runs on: the one recovered from the point until the commit, then the replica's place.</summary>
    public ResourceId? AzureVmDisk => RecoveredDisk ?? AzureDisk;
}

/// <summary>
/// What the vault knows about one protected machine beyond its orchestration state: where it lives at
/// each site, its disks, the guest that travels with them, and the replication leg running now.
/// </summary>
internal sealed class VaultItem(string id, string name, MachineKind kind, GuestState guest, IReadOnlyList<ItemDisk> disks)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public MachineKind Kind { get; } = kind;
    public IReadOnlyList<ItemDisk> Disks { get; } = disks;
    /// <summary>The guest as it last ran (Azure changes it on failover; it comes back with the disks, TS-2, TS-3).</summary>
    public GuestState Guest { get; set; } = guest;

    /// <summary>The vCenter (or ESXi host) and VM on-premises; null once the VM is gone or for a physical server until failback.</summary>
    public string? VSphereServer { get; set; }
    public ManagedObjectReference? OnPremisesVm { get; set; }
    public string? OnPremisesVmUuid { get; set; }
    /// <summary>True when the on-premises disks hold an earlier copy (original location: delta resync, LOC-1).</summary>
    public bool OnPremisesDisksHoldData { get; set; }
    /// <summary>The physical server's address and credentials (agent push install), for a physical source.</summary>
    public (string Address, string User, string Password)? Physical { get; set; }
    /// <summary>The address the mobility agent sends from on-premises.</summary>
    public required string OnPremisesAddress { get; set; }
    /// <summary>vSphere's guest id for a new VM of this machine (alternate location, or a physical server failing back as a VM).</summary>
    public required string GuestId { get; init; }

    /// <summary>The configuration server's id for the item (PRE-6 needs it in the database).</summary>
    public string? ConfigurationItemId { get; set; }

    /// <summary>The Resource Manager network the recovered VM joins at failover (ASR's target network chosen at enable); null: the vault's recovery network.</summary>
    public ResourceId? RecoveryNetwork { get; set; }
    public ResourceId? AzureVm { get; set; }
    /// <summary>When the Azure VM's mobility agent has re-registered with the configuration server (a failover sets it; 95226 before).</summary>
    public DateTimeOffset? AgentRegistersAt { get; set; }
    public ResourceId? AzureNic { get; set; }

    /// <summary>A test failover's disks (in the item's disk order), network interface and VM, until its cleanup.</summary>
    public List<ResourceId> TestDisks { get; } = [];
    public ResourceId? TestNic { get; set; }
    public ResourceId? TestVm { get; set; }

    public ReplicationLeg? Leg { get; set; }
    public FailoverAccounting? LastFailover { get; set; }
    /// <summary>Bytes sent by the legs that have ended (the running leg adds its own).</summary>
    public long BytesSentByEndedLegs { get; set; }

    /// <summary>The address a machine is known by on the network: its first static address, else its name.</summary>
    public static string Address(GuestState guest, string name) => guest.Nics.FirstOrDefault(n => n.StaticAddress is not null)?.StaticAddress ?? name;
}
