namespace Failback.TestKit.Generators;

/// <summary>
/// The oracle's own picture of the sites (no engine types): one protected machine, the configuration server,
/// the link, the vCenter account, the process servers, the master target with its host and volumes, and the
/// original VM with its host. World changes between operations edit it.
/// </summary>
public sealed record OracleWorld
{
    public bool Physical { get; init; }
    public string ItemOs { get; init; } = "Windows Server 2016";
    public int ItemDisks { get; init; } = 1;
    public string SourceBootFs { get; init; } = "ext4";

    public bool CsRunning { get; init; } = true;
    public bool ItemInCsDatabase { get; init; } = true;

    public bool AzureNetworkExists { get; init; } = true;
    /// <summary>"vpn", "er" or "none".</summary>
    public string Link { get; init; } = "vpn";
    public bool LinkOnVmNetwork { get; init; } = true;
    public bool PublicPeering { get; init; } = true;
    public bool VmBlockedTo443 { get; init; }

    /// <summary>"admin", "read-only", "no-vm-permission" or "undiscovered".</summary>
    public string VCenterRole { get; init; } = "admin";

    public bool PsInAzure { get; init; } = true;
    public bool PsRunning { get; init; } = true;
    public bool PsHeartbeat { get; init; } = true;
    public bool PsModelMatches { get; init; } = true;
    public bool PsNetworkMatches { get; init; } = true;
    /// <summary>The on-premises process server named to send data to Azure is registered (CM-2).</summary>
    public bool PsOnPremRegistered { get; init; } = true;
    public bool PsOnPremRunning { get; init; } = true;
    public bool PsOnPremHeartbeat { get; init; } = true;

    /// <summary>The master target named is registered with the configuration server (LOC-4).</summary>
    public bool MtDiscovered { get; init; } = true;
    public bool MtOnEsxi { get; init; } = true;
    public bool MtHostDiscovered { get; init; } = true;
    /// <summary>"paid", "evaluation" or "free".</summary>
    public string MtHostLicence { get; init; } = "paid";
    public bool MtLinux { get; init; }
    public string MtOs { get; init; } = "Windows Server 2012 R2";
    /// <summary>A Linux master target's /, /var/crash and /home on ext4, plus swap (MT-2).</summary>
    public bool MtLayoutExt4 { get; init; } = true;
    public bool MtPackagesComplete { get; init; } = true;
    public bool MtReiserFsPackages { get; init; } = true;
    public bool MtCustomChanges { get; init; } = true;
    public bool MtRegistered { get; init; } = true;
    public string? MtEnableUuid { get; init; } = "True";
    public bool MtStorageVMotioned { get; init; }
    public int MtAttachedDisks { get; init; }
    public IReadOnlyList<OracleVolume> Volumes { get; init; } = [];
    public IReadOnlyList<string> MtDatastores { get; init; } = ["ds1"];
    /// <summary>The datastores' types as vSphere spells them (summary.type: VMFS, NFS, NFS41, vsan); one not listed is VMFS.</summary>
    public IReadOnlyDictionary<string, string> DatastoreTypes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
    /// <summary>The master target VM has snapshots (MT-6), a Paravirtual SCSI controller (MT-7), VMware Tools running (MT-8).</summary>
    public bool MtSnapshots { get; init; }
    public bool MtParavirtual { get; init; }
    public bool MtToolsRunning { get; init; } = true;
    public bool SameNameVmOnMtHost { get; init; }

    public bool OriginalExists { get; init; } = true;
    public string OriginalDatastore { get; init; } = "ds1";
    public bool OriginalOnVCenter { get; init; } = true;
    public bool OriginalSnapshots { get; init; }
    public bool OriginalOnMtHost { get; init; }
    public string OriginalHostLicence { get; init; } = "paid";

    /// <summary>The master targets the other members of the machine's replication group replicate back to (empty: no group; RP-9).</summary>
    public IReadOnlyList<string> GroupMasterTargets { get; init; } = [];

    /// <summary>What the reprotect to on-premises names.</summary>
    public string RetentionChoice { get; init; } = "R:";
    public string DatastoreChoice { get; init; } = "ds1";
}
