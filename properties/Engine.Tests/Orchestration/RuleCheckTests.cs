using System.Reflection;
using System.Text.RegularExpressions;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Prerequisites;
using Failback.Engine.Orchestration.Rules;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>
/// One implementation per rule: each rule's check is the one function marked [RuleCheck("ID")], and no other
/// engine code tags a result with a rule ID of its own (the way a second, drifting copy of a check does).
/// </summary>
public partial class RuleCheckTests
{
    [Fact]
    public void EachRuleIdMarksAtMostOneCheckFunctionAndIsACatalogRule()
    {
        var checks = EngineChecks().Select(c => (c.RuleId, Method: Name(c.Function))).ToList();
        Assert.NotEmpty(checks);
        Assert.Empty(Duplicates(checks));
        Assert.All(checks, c => Assert.True(RuleCatalog.Rules.ContainsKey(c.RuleId), $"{c.Method} checks {c.RuleId}, which is not in the rule catalog."));
    }

    /// <summary>Issue 14 item 2: every (rule, operation) cell of the matrix is its rule's one function in that operation's list.</summary>
    [Fact]
    public void EveryMatrixCellIsItsRulesOneFunctionInTheOperationsPrerequisiteList() =>
        Assert.Empty(MatrixGaps(OperationPrerequisites.ByOperation, EngineChecks()));

    /// <summary>The reverse of the cells' test: every function an operation's list runs is a [RuleCheck] function and a matrix cell of that (rule, operation).</summary>
    [Fact]
    public void EveryFunctionInAnOperationsListIsAMatrixCellOfThatOperation() =>
        Assert.Empty(OutsideTheMatrix(OperationPrerequisites.ByOperation, EngineChecks()));

    [Fact]
    public void PlantedACheckAddedToAListWithoutItsCellIsCaught()
    {
        var snapshots = EngineChecks().Single(c => c.RuleId == "PRE-4").Function;
        var lists = OperationPrerequisites.ByOperation.ToDictionary(p => p.Key, p => p.Key == RuleApplicability.FailoverToOnPremises
            ? (IReadOnlyList<MethodInfo>)[.. p.Value, snapshots]
            : p.Value);
        Assert.Equal(["PRE-4 at failover-to-on-premises: OriginalVmChecks.NoSnapshots is in the list, but the matrix has no such cell"],
            OutsideTheMatrix(lists, EngineChecks()));
        var unmarked = ((Func<ProtectedItem, MasterTargetFacts, AsrError?>)Unmarked).Method;
        lists[OperationPrerequisites.Commit] = [unmarked];
        Assert.Contains("commit: RuleCheckTests.Unmarked is in the list, but no [RuleCheck] function", OutsideTheMatrix(lists, EngineChecks()));
    }

    private static AsrError? Unmarked(ProtectedItem item, MasterTargetFacts mt) => null;

    [Fact]
    public void EveryCheckFunctionIsInSomeOperationsPrerequisiteList() =>
        Assert.Empty(Unlisted(OperationPrerequisites.ByOperation, EngineChecks()));

    [Fact]
    public void EveryOperationOfTheMatrixHasAPrerequisiteList() =>
        Assert.All(RuleApplicability.Operations, o => Assert.True(OperationPrerequisites.ByOperation.ContainsKey(o), $"no prerequisite list for {o}"));

    [Fact]
    public void PlantedACellsFunctionRemovedFromItsListIsCaught()
    {
        var storageVMotion = EngineChecks().Single(c => c.RuleId == "PRE-8").Function;
        var lists = OperationPrerequisites.ByOperation.ToDictionary(p => p.Key, p => p.Key == RuleApplicability.FailoverToOnPremises
            ? (IReadOnlyList<MethodInfo>)[.. p.Value.Where(m => !Same(m, storageVMotion))]
            : p.Value);
        Assert.Equal(["PRE-8 at failover-to-on-premises: MasterTargetChecks.NotStorageVMotioned is not in the list"], MatrixGaps(lists, EngineChecks()));
    }

    [Fact]
    public void PlantedASecondFunctionForARuleIsCaught()
    {
        var checks = EngineChecks().Concat(ChecksIn([typeof(PlantedSecondCopy)])).ToList();
        Assert.Equal(["PRE-8: MasterTargetChecks.NotStorageVMotioned, PlantedSecondCopy.StorageVMotioned"],
            Duplicates(checks.Select(c => (c.RuleId, Name(c.Function)))));
        Assert.Contains("PRE-8 at failover-to-on-premises: two functions check it (MasterTargetChecks.NotStorageVMotioned, PlantedSecondCopy.StorageVMotioned)",
            MatrixGaps(OperationPrerequisites.ByOperation, checks));
        Assert.Equal(["PlantedSecondCopy.StorageVMotioned (PRE-8) is in no operation's prerequisite list"], Unlisted(OperationPrerequisites.ByOperation, checks));
    }

    /// <summary>Planted: a second PRE-8 check, as the copy in a component that drifted before issue 14.</summary>
    private static class PlantedSecondCopy
    {
        [RuleCheck("PRE-8")]
        public static AsrError? StorageVMotioned(ProtectedItem item, MasterTargetFacts mt) =>
            mt.StorageVMotioned ? ErrorCatalog.MasterTargetStorageVMotion.Create("moved") : null;
    }

    private static List<(string RuleId, MethodInfo Function)> EngineChecks() => ChecksIn(typeof(RuleCheckAttribute).Assembly.GetTypes());

    private static List<(string RuleId, MethodInfo Function)> ChecksIn(IEnumerable<Type> types) =>
        [.. types.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetCustomAttributes<RuleCheckAttribute>().Select(a => (a.RuleId, m)))];

    private static List<string> MatrixGaps(IReadOnlyDictionary<string, IReadOnlyList<MethodInfo>> lists, List<(string RuleId, MethodInfo Function)> checks)
    {
        var gaps = new List<string>();
        foreach (var row in RuleApplicability.Rows)
        {
            var functions = checks.Where(c => c.RuleId == row.Rule).Select(c => c.Function).ToList();
            foreach (var operation in row.Operations)
            {
                var cell = $"{row.Rule} at {operation}";
                if (functions.Count != 1)
                    gaps.Add(functions.Count == 0 ? $"{cell}: no [RuleCheck] function" : $"{cell}: two functions check it ({string.Join(", ", functions.Select(Name))})");
                else if (!lists.TryGetValue(operation, out var list) || !list.Any(m => Same(m, functions[0])))
                    gaps.Add($"{cell}: {Name(functions[0])} is not in the list");
            }
        }
        return gaps;
    }

    private static List<string> OutsideTheMatrix(IReadOnlyDictionary<string, IReadOnlyList<MethodInfo>> lists, List<(string RuleId, MethodInfo Function)> checks)
    {
        var cells = RuleApplicability.Rows.SelectMany(r => r.Operations.Select(o => (r.Rule, o))).ToHashSet();
        var gaps = new List<string>();
        foreach (var (operation, list) in lists)
            foreach (var function in list)
            {
                var rules = checks.Where(c => Same(c.Function, function)).Select(c => c.RuleId).ToList();
                if (rules.Count == 0) gaps.Add($"{operation}: {Name(function)} is in the list, but no [RuleCheck] function");
                gaps.AddRange(rules.Where(rule => !cells.Contains((rule, operation)))
                    .Select(rule => $"{rule} at {operation}: {Name(function)} is in the list, but the matrix has no such cell"));
            }
        return gaps;
    }

    private static List<string> Unlisted(IReadOnlyDictionary<string, IReadOnlyList<MethodInfo>> lists, List<(string RuleId, MethodInfo Function)> checks) =>
        [.. checks.Where(c => !lists.Values.Any(l => l.Any(m => Same(m, c.Function)))).Select(c => $"{Name(c.Function)} ({c.RuleId}) is in no operation's prerequisite list")];

    private static bool Same(MethodInfo a, MethodInfo b) => a.Module == b.Module && a.MetadataToken == b.MetadataToken;

    private static string Name(MethodInfo m) => $"{m.DeclaringType!.Name}.{m.Name}";

    [Fact]
    public void ARuleIdMarkingTwoFunctionsIsADuplicate() =>
        Assert.Equal(["RP-4: A.One, B.Two"], Duplicates([("RP-4", "A.One"), ("MT-2", "C.Three"), ("RP-4", "B.Two")]));

    [Fact]
    public void NoEngineCodeOutsideTheCatalogsTagsAResultWithARuleId()
    {
        var engine = Path.Combine(RepoRoot.Path, "Engine");
        var hits = Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && Path.GetFileName(f) is not ("ErrorCatalog.cs" or "RuleCatalog.cs" or "RuleApplicability.cs"))
            .SelectMany(f => RuleIdTags(File.ReadAllText(f)).Select(line => $"{Path.GetRelativePath(engine, f)}: {line}"))
            .ToList();
        Assert.Empty(hits);
    }

    [Fact]
    public void ASecondCopyOfACheckIsCaught()
    {
        const string planted = """
            if (uuid != "True") failures.Add(new("PRE-7", $"disk.EnableUUID is '{uuid}'"));
            if (failure.RuleId == "MT-2") return;
            [RuleCheck("RP-4")]
            throw new InvalidOperationException("Volume cannot be a retention drive (RP-4).");
            """;
        Assert.Equal(2, RuleIdTags(planted).Count);
    }

    private static List<string> Duplicates(IEnumerable<(string RuleId, string Method)> checks) =>
        [.. checks.GroupBy(c => c.RuleId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Method))}")];

    /// <summary>Code lines whose string literal is exactly a rule ID (a check tagging its result), other than a [RuleCheck] mark.</summary>
    private static List<string> RuleIdTags(string source) =>
        [.. source.Split('\n').Select(l => l.Trim())
            .Where(l => !l.StartsWith("//", StringComparison.Ordinal) && !l.StartsWith("[RuleCheck(", StringComparison.Ordinal) && RuleIdLiteral().IsMatch(l))];

    [GeneratedRegex("\"[A-Z]{2,4}-[0-9]+\"")]
    private static partial Regex RuleIdLiteral();
}
