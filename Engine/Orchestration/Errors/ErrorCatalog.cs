using System.Reflection;

namespace Failback.Engine.Orchestration.Errors;

/// <summary>
/// Every error the orchestrator reports: ASR's documented codes (95226, 78052, 78093, 8061, 8038) with ASR's
/// wording where they apply, elsewhere the project's own FB codes (FB, a group digit, three digits; listed in
/// Scenarios/README.md), one entry per failure mode of the seed rules. The rule is a field of its own, never the code.
/// </summary>
internal static class ErrorCatalog
{
    // The cycle and the operation's inputs.
    public static readonly AsrErrorDefinition OperationNotAllowed = new("FB1001", "CYC-1",
        "The operation is not allowed in the protected item's current state",
        "The item is at another stage of the cycle (protect, fail over, commit, reprotect, fail back, commit, reprotect), or another operation on it is still running.",
        "Wait for the running job to finish, then run one of the allowed operations.");
    public static readonly AsrErrorDefinition ProcessServerArchitecture = new("FB1002", "CYC-2",
        "The process server cannot send the failback data over this connection",
        "An on-premises process server needs ExpressRoute to the Azure network; a process server in Azure needs a VPN or ExpressRoute.",
        "Use a process server in Azure, or set up ExpressRoute for the on-premises one.");
    public static readonly AsrErrorDefinition JobNotRestartable = new("FB1003", null,
        "The job cannot be restarted",
        "Only a protected item's failed job can be restarted, and only until another operation on the item starts.",
        "Run the operation again from the item's allowed operations.");
    public static readonly AsrErrorDefinition JobNotCancellable = new("FB1006", null,
        "The job cannot be cancelled",
        "Only a protected item's running job can be cancelled; this one has ended (or is not an item's job).",
        "Look at the job's state; run the operation again if it should not have completed.");
    public static readonly AsrErrorDefinition TestFailoverPending = new("FB1004", null,
        "A test failover of the machine is pending",
        "A test failover ran (or is running) and its test virtual machine has not been cleaned up; the item is not failed over, unprotected or tested again until then.",
        "Run Cleanup test failover on the item (or its recovery plan), then the operation.");
    public static readonly AsrErrorDefinition TestNetworkUnusable = new("FB1005", null,
        "The test failover network cannot be used",
        "The network named for the test failover does not exist in the vault's subscription, or it has no subnet for the test virtual machine.",
        "Name an existing Azure virtual network with a subnet (an isolated one, not the production recovery network), or leave it out to use the vault's isolated test network.");
    public static readonly AsrErrorDefinition ReprotectDirection = new("FB1101", "RP-1",
        "The reprotect direction does not match where the machine runs",
        "A machine failed over to Azure is reprotected from Azure to on-premises; a failed-back machine from on-premises to Azure.",
        "Choose the direction offered for the item's active location.");
    public static readonly AsrErrorDefinition ReprotectServersMissing = new("FB1102", "RP-2",
        "Reprotect needs a master target and a process server",
        "The on-premises master target or the process server that sends the data was not named.",
        "Name a registered master target and the process server in Azure.");
    public static readonly AsrErrorDefinition ReprotectDatastoreMissing = new("FB1103", "RP-3",
        "Reprotect needs a datastore for the on-premises disks",
        "The datastore is used when the on-premises VM no longer exists; it must be given even when the disks exist.",
        "Choose a datastore configured for the master target.");
    public static readonly AsrErrorDefinition RetentionVolumeNotEligible = new("FB1104", "RP-4",
        "The retention volume is not eligible",
        "A retention volume must be unused for anything else, unlocked, not the volume the master target or process server is installed on, not FAT or FAT32, and have capacity.",
        "Pick a listed retention volume (R: on Windows, /mnt/retention on Linux by default) or add and format a disk for it.");
    public static readonly AsrErrorDefinition ReprotectValuesUnknown = new("FB1108", "RP-8",
        "No earlier reprotect values for the machine",
        "A recovery-plan reprotect reuses the values each machine was reprotected with before; this machine has none.",
        "Give the master target, process server, datastore and retention volume for the plan.");
    public static readonly AsrErrorDefinition ReplicationGroupOutsidePlan = new("FB1109", "RP-8",
        "A machine in a replication group can be reprotected only through a recovery plan",
        "Reprotect was run on one member of a multi-VM consistency group.",
        "Add the group's machines to a recovery plan and reprotect the plan.");
    public static readonly AsrErrorDefinition ReplicationGroupMasterTargets = new("FB1110", "RP-9",
        "The machines of a replication group must be reprotected with the same master target",
        "Members of the group were given different master targets, so no common point in time can be found.",
        "Reprotect every member of the group with one master target.");
    public static readonly AsrErrorDefinition RecoveryPointNotFound = new("FB1201", "FO-2",
        "The requested recovery point is not available",
        "No recovery point of that kind exists yet (initial replication or the first app-consistent snapshot has not completed), or the listed point was pruned from the retention window.",
        "Wait for a recovery point, or choose another one from the list.");
    public static readonly AsrErrorDefinition ProcessServerForAzureMissing = new("FB1301", "CM-2",
        "Reprotect to Azure needs a registered process server",
        "The process server named to send the data to Azure is not registered with the configuration server.",
        "Name a process server registered with the configuration server.");

    // Prerequisites (PRE-*).
    public static readonly AsrErrorDefinition NotVmware = new("FB2001", "PRE-1",
        "Failback needs a VMware environment",
        "Failback to a physical server is not supported; the master target must be a VM on an ESXi host.",
        "Use a master target VM on an ESXi host; a physical machine fails back as a new VMware VM.");
    public static readonly AsrErrorDefinition AzureNetworkMissing = new("FB2002", "PRE-2",
        "The Azure network that holds the failed-over VM is not connected to the on-premises site",
        "The Azure network was not created when protection was set up, or no VPN or ExpressRoute connects it to the on-premises site.",
        "Connect the Azure network that holds the VM to the on-premises site with a VPN or ExpressRoute.");
    public static readonly AsrErrorDefinition VCenterPermissions = new("FB2003", "PRE-3",
        "The vCenter account cannot discover virtual machines",
        "The account used for the vCenter lacks the permissions to discover VMs and datastores.",
        "Give the account the ASR discovery permissions on the vCenter.");
    public static readonly AsrErrorDefinition VmHasSnapshots = new("FB2004", "PRE-4",
        "Reprotect cannot continue because the on-premises VM has snapshots",
        "The on-premises VM or its disks have snapshots.",
        "Delete the VM's snapshots (or its disks), then retry reprotect.");
    public static readonly AsrErrorDefinition ProcessServerInAzureMissing = new("FB2005", "PRE-5",
        "No running process server in Azure",
        "Failback needs a process server VM in Azure that keeps running during failback (and a master target on-premises).",
        "Deploy a process server in Azure in the VM's network, keep it running during failback, then retry.");
    public static readonly AsrErrorDefinition ConfigurationServer = new("FB2006", "PRE-6",
        "The configuration server cannot take part in failback",
        "The configuration server is not on-premises, or the machine is not in its database (a server restored from backup lost it, or was restored with another IP address).",
        "Restore the configuration server from its scheduled backup with the same IP address, then retry.");
    public static readonly AsrErrorDefinition DiskEnableUuid = new("FB2007", "PRE-7",
        "The master target VM does not have disk.EnableUUID set to True",
        "Without disk.EnableUUID=True (case-sensitive, no quotes) VMDKs get no consistent UUID and may not mount, or data goes to an extra disk.",
        "Power off the master target VM, add or set the configuration parameter disk.EnableUUID to True, power it on.");
    public static readonly AsrErrorDefinition MasterTargetStorageVMotion = new("FB2008", "PRE-8",
        "The master target was moved with Storage vMotion",
        "After a Storage vMotion the master target's disks are no longer where failback expects them, so the VM cannot start.",
        "Move the master target back to its original datastore, or deploy a new master target.");
    public static readonly AsrErrorDefinition RetentionDriveMissing = new("FB2009", "PRE-9",
        "The master target has no retention drive",
        "The master target needs an added, formatted disk for the retention volume.",
        "Add a disk to the master target and format it as the retention volume.");

    // Original or alternate location (LOC-*).
    public static readonly AsrErrorDefinition FailbackNotSupported = new("FB3003", "LOC-3",
        "Failback is not supported for this machine",
        "A Windows Server 2008 R2 SP1 machine protected as a physical server cannot be failed back (one that started as a VM can).",
        "Keep the machine in Azure, or migrate it with another method.");
    public static readonly AsrErrorDefinition MasterTargetNotDiscovered = new("FB3004", "LOC-4",
        "The master target is not discovered",
        "No master target with the ESX/ESXi host that failback needs has been discovered.",
        "Install or register a master target on-premises and wait for its discovery.");
    public static readonly AsrErrorDefinition MasterTargetHostDiscovery = new("FB3006", "LOC-6",
        "Discovery of the master target's ESXi host is not complete",
        "Reprotect of a VM on a standalone ESXi host (or of a physical server) needs the master target's host discovered first.",
        "Wait for discovery of the master target's ESXi host to complete, then retry.");

    // Known failure modes (TS-*).
    public static readonly AsrErrorDefinition ReadOnlyVCenterAccount = new("FB4001", "TS-1",
        "No datastores can be discovered or listed with the vCenter account",
        "The vCenter account is read-only: discovery, protection and failover work, but reprotect cannot list datastores.",
        "Update the vCenter credentials to a privileged account and retry reprotect.");
    public static readonly AsrErrorDefinition NetworkManagerRemoved = new("FB4002", "TS-2",
        "The Linux VM lost the NetworkManager package",
        "NetworkManager was removed when the machine was recovered in Azure and is not restored by failback.",
        "Reinstall NetworkManager in the failed-back VM.");
    public static readonly AsrErrorDefinition StaticAddressLost = new("FB4003", "TS-3",
        "The VM uses DHCP instead of its static IP address",
        "Failover to Azure switched the NIC to DHCP and failback keeps it.",
        "Set the static IP address again in the failed-back VM.");
    public static readonly AsrErrorDefinition FreeEsxiLicence = new("FB4004", "TS-4",
        "Failback is not supported on a free ESXi edition",
        "The master target's host runs ESXi 5.5 free edition or vSphere 6 Hypervisor free edition: failover works, failback does not.",
        "Apply an evaluation or paid licence to the host, then retry.");
    public static readonly AsrErrorDefinition ProcessServerNoHeartbeat = new("FB4005", "TS-5",
        "The process server has no heartbeat",
        "The process server cannot reach the configuration server on port 443.",
        "Check with a connection to the configuration server on port 443 and a ping; open the path, then retry.");
    public static readonly AsrErrorDefinition TargetVCenterNotDiscovered = new("FB4006", "TS-6",
        "The target vCenter's datastores are not visible",
        "Failing back to another vCenter needs that vCenter and the master target discovered.",
        "Add the vCenter to the configuration server, wait for discovery of it and of the master target, then retry.");

    // Process server in Azure (PS-*).
    public static readonly AsrErrorDefinition ProcessServerDeploymentModel = new("FB5002", "PS-2",
        "The process server's deployment model does not match the recovered VM's",
        "Classic VMs need a classic process server and Resource Manager VMs a Resource Manager one.",
        "Deploy a process server of the VM's deployment model in the VM's network.");
    public static readonly AsrErrorDefinition ProcessServerNetwork = new("FB5003", "PS-3",
        "The process server is not in the recovered VM's network and subscription",
        "The process server in Azure must be in the same Azure network as the recovered VM, in the subscription it was recovered to.",
        "Deploy a process server in the VM's network and subscription.");

    // Connectivity (ER-*).
    public static readonly AsrErrorDefinition NoSiteConnection = new("FB5101", "ER-1",
        "No VPN or ExpressRoute connection to the on-premises site",
        "Failback data travels over a site-to-site VPN or ExpressRoute, and none is up.",
        "Set up (or restore) the VPN or ExpressRoute connection, then retry.");
    public static readonly AsrErrorDefinition ExpressRouteNetwork = new("FB5102", "ER-2",
        "ExpressRoute is not set up on the Azure network that holds the VM",
        "ExpressRoute must be connected to the virtual network the VMs were failed over to.",
        "Connect ExpressRoute to the failed-over VMs' virtual network.");
    public static readonly AsrErrorDefinition ExpressRoutePublicPeering = new("FB5103", "ER-3",
        "ExpressRoute has no public peering to the target region",
        "Replication writes to an Azure storage account's public endpoint, which over ExpressRoute needs public peering.",
        "Enable public (Microsoft) peering to the target region on the ExpressRoute circuit.");

    // Master target (MT-*).
    public static readonly AsrErrorDefinition MasterTargetCapacity = new("FB6001", "MT-1",
        "The master target cannot take more failback disks",
        "A master target holds at most 60 attached disks; this failback would go past that.",
        "Add another master target for the failback traffic.");
    public static readonly AsrErrorDefinition LinuxMasterTargetOs = new("FB6002", "MT-2",
        "The Linux master target does not run CentOS 6.6 minimal",
        "A Linux master target is supported only on CentOS 6.6 minimal with /, /var/crash and /home as ext4 and swap.",
        "Reinstall the master target on CentOS 6.6 minimal.");
    public static readonly AsrErrorDefinition WindowsMasterTargetRegistration = new("FB6003", "MT-3",
        "The Windows master target is not registered with the configuration server",
        "It must be installed with the unified setup and registered with the configuration server's IP address and passphrase.",
        "Run the unified setup on the master target and register it with the configuration server.");
    public static readonly AsrErrorDefinition LinuxMasterTargetPackages = new("FB6004", "MT-4",
        "The Linux master target is missing required packages",
        "It needs xfsprogs, perl, lsscsi, rsync, wget, kexec-tools and device-mapper-multipath, and ReiserFS support when a source root or boot device uses ReiserFS or XFS.",
        "Install the missing packages on the master target.");
    public static readonly AsrErrorDefinition LinuxMasterTargetCustomChanges = new("FB6005", "MT-5",
        "The unified agent's custom changes are not applied on the Linux master target",
        "ApplyCustomChanges.sh has not been run, or the master target was not rebooted after it.",
        "Run ApplyCustomChanges.sh once on the master target and reboot it.");

    // ASR's documented reprotect and failback codes, with ASR's title, causes and action
    // (learn.microsoft.com/azure/site-recovery/vmware-azure-troubleshoot-failback-reprotect).
    public static readonly AsrErrorDefinition AzureVmCannotReachConfigurationServer = new("95226", "PRE-2",
        "Reprotect failed as the Azure virtual machine was not able to reach the on-premises configuration server",
        "The Azure VM can't reach the on-premises configuration server, so it can't be discovered and registered to it; or the InMage Scout Application service isn't running on the failed-over Azure VM, and the service is needed to communicate with the configuration server.",
        "Make sure the Azure VM's network lets it communicate with the on-premises configuration server (a site-to-site VPN, or ExpressRoute with private peering on the VM's virtual network). If it can, sign in to the VM and check the InMage Scout Application service: start it if it isn't running and set its start type to Automatic.");
    public static readonly AsrErrorDefinition VmNameExistsOnMasterTargetHost = new("78052", "LOC-7",
        "Protection couldn't be completed for the virtual machine",
        "A VM with the same name already exists on the master target server's host where you're failing back.",
        "Select a master target server on a different host so that reprotect creates the machine where the names don't collide, or use vMotion to move the master target to such a host. If the existing VM is a stray machine, rename it so the new VM can be created on the same ESXi host.");
    public static readonly AsrErrorDefinition AzureVmNotRunning = new("78093", null,
        "The VM is not running, in a hung state, or not accessible",
        "To reprotect a failed-over VM, the Azure VM must be running so that the Mobility service registers with the on-premises configuration server and can start replicating by communicating with the process server.",
        "Make sure the Azure VM is running and not hung (restart it if it is), then restart the reprotect job.");
    public static readonly AsrErrorDefinition DatastoreNotAccessible = new("8061", "LOC-5",
        "The datastore is not accessible from ESXi host",
        "The datastore of the VM (or the one chosen for reprotect) is not mounted on the ESXi host of the master target.",
        "Check the master target prerequisites and the supported datastores for failback; mount the datastore on the master target's host, or use a master target on a host that sees it.");
    public static readonly AsrErrorDefinition StandaloneDatastoreNotAccessible = new("8061", "LOC-6",
        "The datastore is not accessible from ESXi host",
        "The VM is on an ESXi host not managed by vCenter (or was a physical server), and its disks are not on a datastore of the master target's host.",
        "Check the master target prerequisites and the supported datastores for failback; put the disks on a datastore reachable from the master target's host.");
    public static readonly AsrErrorDefinition OnPremisesHostOutOfMemory = new("8038", null,
        "Failed to bring up the on-premises virtual machine due to the error",
        "The on-premises VM is brought up on a host that doesn't have enough memory provisioned.",
        "Provision more memory on the ESXi host, or use vMotion to move the VM to an ESXi host with enough memory to boot it, then retry the failover.");

    // Job outcomes that are not a rule.
    public static readonly AsrErrorDefinition JobCancelled = new("FB9001", null,
        "The job was cancelled",
        "The operation was cancelled before it completed.",
        "Retry the operation.");
    public static readonly AsrErrorDefinition InternalError = new("FB9002", null,
        "A task of the job failed",
        "A component or site the task depends on reported an error.",
        "See the message for the component's error, correct it and retry.");

    // The configuration server's own refusals (what its setup, registration and database report): group 7.
    public static readonly AsrErrorDefinition ConfigurationDatabaseExists = new("FB7001", null,
        "A configuration database already exists there",
        "The configuration server is installed over an existing database.",
        "Open the existing database instead of installing over it, or choose another path.");
    public static readonly AsrErrorDefinition ConfigurationDatabaseMissing = new("FB7002", null,
        "There is no configuration database to open",
        "The configuration server's database file is missing.",
        "Install the configuration server, or restore it from a backup with its IP address.");
    public static readonly AsrErrorDefinition ConfigurationDatabaseIncomplete = new("FB7003", null,
        "The file is not a configuration server database",
        "A setting every configuration server database has is missing.",
        "Open the configuration server's own database, or restore it from a backup.");
    public static readonly AsrErrorDefinition ConfigurationDatabaseTooNew = new("FB7004", null,
        "The configuration database was written by a newer engine",
        "Its schema version is newer than this engine's.",
        "Open it with the engine that wrote it.");
    public static readonly AsrErrorDefinition ConfigurationServerIpChanged = new("FB7005", "PRE-6",
        "The configuration server must be restored with the IP address it had",
        "Process servers, master targets and mobility agents reach the configuration server by its address.",
        "Restore the backup on a server with the original IP address.");
    public static readonly AsrErrorDefinition InvalidPassphrase = new("FB7006", "MT-3",
        "Registration with the configuration server failed: the passphrase is wrong",
        "Servers register with the configuration server's passphrase.",
        "Generate it on the configuration server (genpassphrase.exe -v) and register again.");
    public static readonly AsrErrorDefinition ServerNotRegistered = new("FB7007", null,
        "The server is not registered with the configuration server",
        "Only registered process servers and master targets send heartbeats.",
        "Register the server with the configuration server's passphrase.");
    public static readonly AsrErrorDefinition PolicyExists = new("FB7008", null,
        "A replication policy with that name already exists",
        "Policy names are unique on a configuration server.",
        "Choose another name.");
    public static readonly AsrErrorDefinition PolicyNotFound = new("FB7009", null,
        "The replication policy does not exist",
        "No policy with that id is on the configuration server.",
        "Choose a policy the configuration server has.");
    public static readonly AsrErrorDefinition FailbackPolicyNotEditable = new("FB7010", "POL-1",
        "A failback policy cannot be edited",
        "The failback policy is created and associated with its forward policy automatically.",
        "Edit the forward policy instead.");
    public static readonly AsrErrorDefinition RunAsAccountNotFound = new("FB7012", null,
        "The run-as account does not exist",
        "The account named in the operation is not one of the configuration server's run-as accounts.",
        "Add the account on the configuration server (Manage accounts), or name one of its accounts.");
    public static readonly AsrErrorDefinition RunAsAccountExists = new("FB7013", null,
        "A run-as account with that name already exists",
        "Account names on the configuration server are unique.",
        "Update the existing account instead, or choose another name.");
    public static readonly AsrErrorDefinition ItemNotInConfigurationDatabase = new("FB7011", "PRE-6",
        "The protected item is not in the configuration server's database, so it cannot fail back",
        "The configuration server was restored from a backup taken before the item was protected.",
        "Restore the configuration server from a backup taken after the item was protected, with the same IP address.");

    /// <summary>Every entry (in no particular order: ahead-of-time compiled code has no metadata tokens to sort by).</summary>
    public static IReadOnlyList<AsrErrorDefinition> All { get; } =
        [.. typeof(ErrorCatalog).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(AsrErrorDefinition))
            .Select(f => (AsrErrorDefinition)f.GetValue(null)!)];
}
