namespace Failback.Engine.Orchestration.Rules;

/// <summary>
/// The project's rules, one ID each, as restated from the seed in shared/seed-rules.md, with a one-line
/// summary. A test keeps this list equal to the IDs of that file; <see cref="RuleCoverage"/> finds the
/// IDs no test or drill names.
/// </summary>
public static class RuleCatalog
{
    public static IReadOnlyDictionary<string, string> Rules { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["CYC-1"] = "Failback after a failover to Azure is reprotect to on-premises, failover to on-premises, then reprotect back to Azure.",
        ["CYC-2"] = "The failback process server runs on-premises over ExpressRoute, or in Azure over VPN or ExpressRoute.",

        ["LOC-1"] = "A VMware VM whose source still exists fails back to it, sending only the changes.",
        ["LOC-2"] = "A failed-over physical server always comes back as a new VMware VM.",
        ["LOC-3"] = "A Windows Server 2008 R2 SP1 machine protected as a physical server cannot fail back.",
        ["LOC-4"] = "Failback needs a discovered master target with the ESX/ESXi host it uses.",
        ["LOC-5"] = "A vCenter-managed original VM's datastore must be reachable from the master target's host.",
        ["LOC-6"] = "Without vCenter, the VM's disks must be on a datastore the master target's host reaches, and that host must be discovered first.",
        ["LOC-7"] = "If the on-premises VM was deleted, failback creates a new VM on the master target's host.",
        ["LOC-8"] = "Alternate-location failback lands on the master target's datastore and ESX host.",

        ["PRE-1"] = "Failback needs VMware; it never goes to a physical server.",
        ["PRE-2"] = "The Azure network exists since protection began and reaches on-premises over VPN or ExpressRoute.",
        ["PRE-3"] = "A vCenter account must be allowed to discover VMs and datastores.",
        ["PRE-4"] = "Reprotect fails while the VM has snapshots.",
        ["PRE-5"] = "Failback needs a running process server in Azure and a master target on-premises.",
        ["PRE-6"] = "The configuration server is on-premises with the VM in its database; restore it with the same IP.",
        ["PRE-7"] = "The master target VM needs disk.EnableUUID=True, set while it is powered off.",
        ["PRE-8"] = "A storage-vMotioned master target breaks failback.",
        ["PRE-9"] = "The master target needs an added, formatted retention disk.",

        ["POL-1"] = "A failback policy is created and associated automatically with the forward policy and cannot be edited.",
        ["POL-2"] = "The failback policy: RPO threshold 15 min, retention 24 h, app-consistent every 60 min.",

        ["PS-1"] = "A process server in Azure sends the Azure VM's data to the on-premises master target.",
        ["PS-2"] = "The process server's deployment model matches the recovered VM's (classic or Resource Manager).",
        ["PS-3"] = "The process server is in the recovered VM's Azure network and subscription.",
        ["PS-4"] = "A classic process server comes from the marketplace image, then gets the process server installed.",
        ["PS-5"] = "A Resource Manager process server takes a resource group, name, credentials, storage account, subnet and NIC.",
        ["PS-6"] = "Deploying the process server runs jobs; it shows under the configuration server after 10-15 minutes.",

        ["MT-1"] = "A master target on the management server receives failback data; add more for heavy traffic.",
        ["MT-2"] = "A Linux master target runs CentOS 6.6 minimal with ext4 /, /var/crash, /home and swap.",
        ["MT-3"] = "A Windows master target is installed with unified setup and registered with the configuration server.",
        ["MT-4"] = "A Linux master target needs its packages, plus ReiserFS support for ReiserFS/XFS sources.",
        ["MT-5"] = "A Linux master target applies the agent's custom changes once and reboots.",

        ["RP-1"] = "Reprotect of a failed-over VM offers the direction Azure to on-premises.",
        ["RP-2"] = "Reprotect names the on-premises master target and the Azure process server.",
        ["RP-3"] = "Reprotect always names a datastore, used only when new disks are needed.",
        ["RP-4"] = "A retention volume is listed only if unused, unlocked, not a cache volume, not FAT/FAT32 and not empty.",
        ["RP-5"] = "Reprotect picks the failback policy by itself.",
        ["RP-6"] = "Reprotect is a job whose progress can be followed.",
        ["RP-7"] = "Alternate location uses the master target's retention drive and datastore; same-VM recovery needs the VM on that datastore.",
        ["RP-8"] = "Plan-level reprotect reuses each machine's earlier values; replication groups reprotect only through a plan.",
        ["RP-9"] = "A replication group reprotects with one master target, or no common point exists.",

        ["FO-1"] = "Once reprotected, a machine can fail over from Azure to on-premises.",
        ["FO-2"] = "Failback uses the latest point or the older latest app-consistent one, which loses later data.",
        ["FO-3"] = "Failback shuts the Azure VM down.",

        ["CM-1"] = "Commit after failback deletes the recovered VM from Azure in a job.",
        ["CM-2"] = "After commit the VM is on-premises and unprotected until reprotected to Azure through a process server.",
        ["CM-3"] = "When that reprotect completes the VM replicates to Azure and can fail over again.",

        ["TS-1"] = "A read-only vCenter user breaks reprotect (no datastores) until privileged credentials are set.",
        ["TS-2"] = "A failed-back Linux VM has lost NetworkManager.",
        ["TS-3"] = "A static IP becomes DHCP after failover and stays so after failback.",
        ["TS-4"] = "Free ESXi editions fail over but cannot fail back until licensed.",
        ["TS-5"] = "A process server without port 443 to the configuration server has no heartbeat.",
        ["TS-6"] = "Failback to another vCenter needs it and the master target discovered, or no datastores show.",

        ["ER-1"] = "Failback runs over VPN or ExpressRoute.",
        ["ER-2"] = "ExpressRoute is set up on the Azure network holding the failed-over VMs.",
        ["ER-3"] = "Replication to a storage account's public endpoint over ExpressRoute needs public peering.",
    };
}
