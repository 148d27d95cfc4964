using System.Text.RegularExpressions;

namespace Failback.Scenarios.Tests;

/// <summary>
/// Which rule IDs the tests and drills name. A test names an ID in its method name, written as a
/// token without the dash (<c>PRE7_EditingConfigRequiresPoweredOff</c>, <c>Reprotect_RP8_RP9</c>), in
/// the data of a theory case (<c>[InlineData("PRE-7")]</c>), or in a trait (<c>[Trait("Rule", "PRE-7")]</c>);
/// a drill names IDs in its <c>covers:</c> list.
/// </summary>
internal static partial class RuleCoverage
{
    /// <summary>The IDs of <paramref name="ruleIds"/> that no test under properties/ and no drill under Scenarios/drills/ names.</summary>
    public static IReadOnlyList<string> Uncovered(string repoRoot, IEnumerable<string> ruleIds)
    {
        var covered = Covered(repoRoot);
        return [.. ruleIds.Where(id => !covered.Contains(id)).Order(StringComparer.Ordinal)];
    }

    /// <summary>Every rule ID named by a test or a drill of the repository at <paramref name="repoRoot"/>.</summary>
    public static IReadOnlySet<string> Covered(string repoRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repoRoot);
        if (!Directory.Exists(repoRoot)) throw new DirectoryNotFoundException($"Repository root '{repoRoot}' does not exist.");
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Files(Path.Combine(repoRoot, "properties"), "*.cs"))
            ids.UnionWith(IdsInTestSource(File.ReadAllText(file)));
        foreach (var file in Files(Path.Combine(repoRoot, "Scenarios", "drills"), "*.yaml"))
            ids.UnionWith(IdsInCovers(File.ReadAllText(file)));
        return ids;
    }

    /// <summary>The IDs a C# test file names in its method names, theory cases and Rule traits.</summary>
    public static IEnumerable<string> IdsInTestSource(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        foreach (Match method in MethodDeclaration().Matches(source))
            foreach (var token in method.Groups["name"].Value.Split('_'))
                if (IdToken().Match(token) is { Success: true } id)
                    yield return $"{id.Groups["prefix"].Value}-{id.Groups["number"].Value}";
        foreach (Match trait in RuleTrait().Matches(source))
            yield return trait.Groups["id"].Value;
        foreach (Match data in InlineData().Matches(source))
            foreach (Match literal in QuotedRuleId().Matches(data.Groups["args"].Value))
                yield return literal.Groups["id"].Value;
    }

    /// <summary>The IDs of a drill's <c>covers:</c> list, flow (<c>[PRE-7, TS-1]</c>) or block (<c>- PRE-7</c>).</summary>
    public static IEnumerable<string> IdsInCovers(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var covers = CoversKey().Match(lines[i]);
            if (!covers.Success) continue;
            var inline = covers.Groups["rest"].Value;
            if (inline.Trim().Length > 0)
            {
                foreach (Match id in RuleId().Matches(inline)) yield return id.Value;
                continue;
            }
            var indent = covers.Groups["indent"].Value.Length;
            for (var j = i + 1; j < lines.Length; j++)
            {
                var item = BlockItem().Match(lines[j]);
                if (!item.Success)
                {
                    if (lines[j].Trim().Length == 0 || lines[j].TrimStart().StartsWith('#')) continue;
                    break;
                }
                if (item.Groups["indent"].Value.Length < indent) break;
                foreach (Match id in RuleId().Matches(item.Groups["value"].Value)) yield return id.Value;
            }
        }
    }

    private static IEnumerable<string> Files(string folder, string pattern) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
            : [];

    [GeneratedRegex(@"\b(?:void|Task|Task<\w+>|bool|Property)\s+(?<name>[A-Za-z_]\w*)\s*\(")]
    private static partial Regex MethodDeclaration();

    [GeneratedRegex(@"^(?<prefix>[A-Z]{2,3})(?<number>\d+)$")]
    private static partial Regex IdToken();

    [GeneratedRegex(@"\bTrait\(\s*""Rule""\s*,\s*""(?<id>[A-Z]{2,3}-\d+)""\s*\)")]
    private static partial Regex RuleTrait();

    [GeneratedRegex(@"\[\s*InlineData\((?<args>.*)\)\s*\]")]
    private static partial Regex InlineData();

    [GeneratedRegex(@"""(?<id>[A-Z]{2,3}-\d+)""")]
    private static partial Regex QuotedRuleId();

    [GeneratedRegex(@"^(?<indent>\s*)covers\s*:(?<rest>.*)$")]
    private static partial Regex CoversKey();

    [GeneratedRegex(@"^(?<indent>\s*)-\s*(?<value>.*)$")]
    private static partial Regex BlockItem();

    [GeneratedRegex(@"\b[A-Z]{2,3}-\d+\b")]
    private static partial Regex RuleId();
}
