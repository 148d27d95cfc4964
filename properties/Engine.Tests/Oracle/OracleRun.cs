using Failback.TestKit.Generators;
namespace Failback.Engine.Tests.Oracle;

/// <summary>
/// Plays one case: the machine goes round the cycle (enable, failover, reprotect back, failover back, commit,
/// reprotect to Azure); each operation the cycle allows is judged by the engine and by <see cref="RuleSpec"/>,
/// which must agree on accept/refuse and on the rules; a refused operation leaves the phase unchanged.
/// </summary>
internal static class OracleRun
{
    private static readonly Dictionary<OracleOperation, (int From, int To)> Cycle = new()
    {
        [OracleOperation.EnableProtection] = (0, 1),
        [OracleOperation.FailoverToAzure] = (1, 2),
        [OracleOperation.ReprotectToOnPremises] = (2, 3),
        [OracleOperation.FailoverToOnPremises] = (3, 4),
        [OracleOperation.Commit] = (4, 5),
        [OracleOperation.ReprotectToAzure] = (5, 1),
    };

    /// <summary>Null when engine and specification agree on every operation; else the first disagreement.</summary>
    public static string? Disagreement(EngineUnderTest engine, OracleWorld world, IEnumerable<OracleStep> steps, Action<OracleOperation, SortedSet<string>>? judged = null)
    {
        var phase = 0;
        var history = new List<string>();
        foreach (var step in steps)
        {
            if (step is OracleChange change)
            {
                world = change.Apply(world);
                history.Add(change.What);
                continue;
            }
            var operation = ((OracleOperate)step).Operation;
            if (Cycle[operation].From != phase) continue;
            var expected = RuleSpec.Broken(operation, world);
            var actual = engine.Refusals(operation, world);
            history.Add($"{operation}: {(actual.Count == 0 ? "accepted" : "refused " + string.Join(",", actual))}");
            if (!expected.SetEquals(actual))
                return $"{operation}: the rules say {Describe(expected)}, the engine {Describe(actual)}\n  after: {string.Join(" -> ", history)}\n  world: {world}\n  volumes: {string.Join("; ", world.Volumes)}; master target datastores: {string.Join(", ", world.MtDatastores.Select(d => $"{d} ({world.DatastoreTypes.GetValueOrDefault(d, "VMFS")})"))}";
            judged?.Invoke(operation, actual);
            if (actual.Count > 0) continue;
            phase = Cycle[operation].To;
            if (operation == OracleOperation.EnableProtection) world = world with { ItemInCsDatabase = true };
        }
        return null;
    }

    private static string Describe(SortedSet<string> rules) => rules.Count == 0 ? "accept" : "refuse with " + string.Join(", ", rules);
}
