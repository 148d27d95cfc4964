namespace Failback.Engine.Orchestration.Rules;

/// <summary>
/// Issue 16's applicability matrix: for each rule its engine checks, the operations that must check it, the
/// objects it looks at, and what can change between operations (why a later operation checks it again).
/// Rendered by <c>drill list --rules</c>; properties/Engine.Tests' rule oracle fails when a cell is never
/// refused by the engine, or the engine refuses an operation with a rule its row does not list.
/// </summary>
internal static class RuleApplicability
{
    /// <summary>The operations, in the cycle's order, as the matrix names them.</summary>
    public const string Enable = "enable", ReprotectToOnPremises = "reprotect-to-on-premises", FailoverToOnPremises = "failover-to-on-premises",
        ReprotectToAzure = "reprotect-to-azure";

    public static IReadOnlyList<string> Operations { get; } = [Enable, ReprotectToOnPremises, FailoverToOnPremises, ReprotectToAzure];

    /// <summary>One row: a rule, the operations that check it, the objects it looks at, what can change in between.</summary>
    public sealed record Row(string Rule, IReadOnlyList<string> Operations, string Objects, string Changes = "");

    private static readonly string[] Failback = [ReprotectToOnPremises, FailoverToOnPremises];
    private static readonly string[] Reprotect = [ReprotectToOnPremises];

    public static IReadOnlyList<Row> Rows { get; } =
    [
        // CM-2's reprotect names the process server that sends data to Azure, to start that replication "again" (CYC-1's
        // third stage): enabling protection starts it the first time, through a process server named the same way.
        new("CM-2", [Enable, ReprotectToAzure], "the process server named to send data to Azure, registered", "a process server uninstalled"),
        new("CYC-2", Reprotect, "the process server's site and the site link"),
        new("ER-1", Failback, "the site link (VPN or ExpressRoute)", "a link torn down"),
        new("ER-2", Failback, "the ExpressRoute circuit's virtual network", "a circuit moved"),
        new("ER-3", Failback, "the circuit's public peering", "a peering removed"),
        new("LOC-3", Reprotect, "the machine's kind and OS name, in every spelling"),
        new("LOC-4", Failback, "the master target as the vCenter account discovers it", "a role changed"),
        new("LOC-5", Reprotect, "the original VM's datastore and the named one, against the master target host's datastores"),
        new("LOC-6", Reprotect, "the master target's host discovery; a standalone original VM's datastore"),
        new("LOC-7", Reprotect, "the VM names on the master target's host (no original VM)"),
        new("MT-1", Reprotect, "the master target's attached disks and the machine's disks"),
        new("MT-2", Reprotect, "a Linux master target's OS name, in every spelling"),
        new("MT-3", Reprotect, "a Windows master target's registration"),
        new("MT-4", Reprotect, "a Linux master target's packages and the source's boot file system"),
        new("MT-5", Reprotect, "a Linux master target's custom changes and reboot"),
        // MT-6 to MT-8 and RP-10 are the current documentation's: snapshots fail "reprotect and failback" alike.
        new("MT-6", Failback, "the master target VM's snapshots", "a snapshot taken (a backup tool) or deleted"),
        // The controller is the one the reprotect hot-adds the failback disks on; the failover back adds none (it detaches
        // them), and vSphere changes a controller's type only with the VM powered off, so the reprotect alone asks.
        new("MT-7", Reprotect, "the master target VM's SCSI controller (LSI Logic, not Paravirtual)"),
        // The master target finds the datastores through VMware Tools, for the disks it writes until the failover back:
        // Tools stop after the reprotect when the guest restarts without them or the VM is powered off, so both ask.
        new("MT-8", Failback, "VMware Tools running in the master target's guest", "Tools stopped, the VM powered off"),
        new("PRE-1", Reprotect, "the master target is a VM on ESXi"),
        new("PRE-2", Failback, "the Azure network; the link's network; the Azure VM reaching the configuration server", "a network or route removed"),
        new("PRE-3", Failback, "the vCenter account's permission to discover VMs: the master target's vCenter, and at the failover back the one it acts through", "a role changed"),
        new("PRE-4", Reprotect, "the original VM's snapshots", "a snapshot taken or deleted"),
        new("PRE-5", Failback, "the Azure process server running", "the process server stopped"),
        new("PRE-6", [Enable, ReprotectToOnPremises, FailoverToOnPremises, ReprotectToAzure], "the configuration server running; the machine in its database", "the server lost, restored from a backup"),
        new("PRE-7", Reprotect, "the master target's disk.EnableUUID, case-sensitive"),
        new("PRE-8", Failback, "the master target's migration history", "a storage vMotion after the reprotect"),
        new("PRE-9", Reprotect, "the master target's volumes: one formatted, unused, not FAT"),
        new("PS-2", Reprotect, "the process server's and the recovered VM's deployment models"),
        new("PS-3", Reprotect, "the process server's and the recovered VM's network and subscription"),
        new("RP-4", Reprotect, "the named retention volume: unused (any use), unlocked, not the cache volume, formatted, not FAT, not empty"),
        new("RP-9", Reprotect, "the master targets of every member of the replication group: those the plan names and those replicating back already", "a member reprotected outside the plan"),
        // The datastore failback writes to is fixed by the reprotect: the one named is the reprotect's, and the disks on it
        // (the original VM's, or the new VM's) stay attached to the master target until the failover back, where vSphere
        // refuses to move or delete them (FileLocked). A storage vMotion off NFS is what makes a refused reprotect pass.
        new("RP-10", Reprotect, "the type (NFS 3 or 4.1) of the datastore failback writes to: the original VM's, or the one named for new disks"),
        // TS-1's "failover works" with a read-only account is the failover to Azure, before the reprotect that fails; the
        // failover back acts through the account (the VM powered on, or made on the master target's host), so a role
        // changed after the reprotect is refused there too, before the Azure VM is shut down (TS-6 and PRE-3 alike).
        new("TS-1", Failback, "the vCenter account listing datastores (a read-only account): as PRE-3", "a role changed"),
        new("TS-4", Failback, "the licence of the master target's host and of the host the original VM returns to", "a licence changed"),
        new("TS-5", [Enable, ReprotectToOnPremises, ReprotectToAzure], "the process server's heartbeat on port 443", "a firewall rule"),
        new("TS-6", Failback, "the target vCenter's discovery by the configuration server", "the vCenter no longer discovered"),
    ];

    /// <summary>The matrix as a text table: one line per rule, an x per operation that checks it.</summary>
    public static string Render()
    {
        var width = Rows.Max(r => r.Rule.Length) + 2;
        var lines = new List<string>
        {
            "rule".PadRight(width) + string.Join("  ", Operations) + "  objects (what can change in between)",
        };
        foreach (var row in Rows)
            lines.Add(row.Rule.PadRight(width) + string.Join("  ", Operations.Select(o => (row.Operations.Contains(o) ? "x" : "-").PadRight(o.Length))) +
                      "  " + row.Objects + (row.Changes.Length > 0 ? $" ({row.Changes})" : ""));
        return string.Join('\n', lines) + '\n';
    }
}
