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
        new("PRE-1", Reprotect, "the master target is a VM on ESXi"),
        new("PRE-2", Failback, "the Azure network; the link's network; the Azure VM reaching the configuration server", "a network or route removed"),
        new("PRE-3", Reprotect, "the vCenter account's permission to discover VMs", "a role changed"),
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
        new("TS-1", Reprotect, "the vCenter account listing datastores", "a role changed"),
        new("TS-4", Failback, "the licence of the master target's host and of the host the original VM returns to", "a licence changed"),
        new("TS-5", [Enable, ReprotectToOnPremises, ReprotectToAzure], "the process server's heartbeat on port 443", "a firewall rule"),
        new("TS-6", Reprotect, "the target vCenter's discovery by the configuration server"),
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
