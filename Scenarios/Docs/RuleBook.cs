using System.Text;
using Failback.Engine.Orchestration.Rules;

namespace Failback.Scenarios.Docs;

/// <summary>
/// <c>Scenarios/rules.md</c>, the rule catalog users read to fill a drill's <c>covers:</c> list, written from
/// the engine's <see cref="RuleCatalog"/> so the two cannot drift (a golden test compares them).
/// </summary>
public static class RuleBook
{
    public const string File = "Scenarios/rules.md";

    public static string Markdown()
    {
        var md = new StringBuilder();
        md.Append("# The failback rules, one ID each\n\n");
        md.Append($"<!-- Generated from Engine/Orchestration/Rules/RuleCatalog.cs by `drill rules > {File}`; a test fails when this file differs. -->\n\n");
        md.Append("The rules the engine enforces or models, restated in English from Microsoft's article \"Fail back VMware VMs and\n");
        md.Append("physical servers to the on-premises site\" (2017-03-27); MT-6 to MT-8 and RP-10 from its current pages (vmware-azure-prepare-failback,\n");
        md.Append("vmware-azure-reprotect, vmware-azure-install-linux-master-target), which add them. A drill names the IDs it exercises in its `covers:` list\n");
        md.Append("(unknown IDs are refused); a test names them in its method name (`PRE7_...`), a theory case or a `Rule` trait.\n");
        foreach (var (prefix, title) in RuleCatalog.Sections)
        {
            md.Append($"\n## {title}\n| ID | rule | as the source states it |\n|---|---|---|\n");
            foreach (var id in IdsOf(prefix))
                md.Append($"| {id} | {Cell(RuleCatalog.Rules[id])} | {Cell(RuleCatalog.Passages[id])} |\n");
        }
        // The applicability matrix (drill list --rules): which operations check each rule, and why a later one checks it again.
        md.Append("\n## Where each rule is checked\nThe operations that refuse to start when the rule does not hold (`drill list --rules`), the objects the\n");
        md.Append("check looks at, and what can change between operations, so that a later operation checks it again.\n\n");
        md.Append($"| rule | {string.Join(" | ", RuleApplicability.Operations)} | objects | what can change in between |\n");
        md.Append($"|---|{string.Concat(RuleApplicability.Operations.Select(_ => "---|"))}---|---|\n");
        foreach (var row in RuleApplicability.Rows)
            md.Append($"| {row.Rule} | {string.Concat(RuleApplicability.Operations.Select(o => (row.Operations.Contains(o) ? "x" : "") + " | "))}{Cell(row.Objects)} | {Cell(row.Changes)} |\n");
        return md.ToString();
    }

    /// <summary>A section's IDs in numeric order (PRE-9 before PRE-10).</summary>
    public static IEnumerable<string> IdsOf(string prefix) =>
        RuleCatalog.Rules.Keys.Where(id => id[..id.IndexOf('-', StringComparison.Ordinal)] == prefix)
            .OrderBy(id => int.Parse(id[(id.IndexOf('-', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
