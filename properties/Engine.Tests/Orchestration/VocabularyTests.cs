using System.Text.RegularExpressions;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Plans;
using Failback.Engine.Orchestration.Rules;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>
/// Everything users see (protection states, allowed operations, job names and tasks, error codes) is in the
/// vocabulary table, each entry with its source; the check is shown to fail on the project's old names.
/// </summary>
public sealed partial class VocabularyTests
{
    [Fact]
    public void EveryEntryHasASourceAndIsListedOnce()
    {
        Assert.All(AsrVocabulary.Entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Source), $"{e.Kind} {e.Name} has no source"));
        var twice = AsrVocabulary.Entries.GroupBy(e => (e.Kind, e.Name)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"listed twice: {string.Join(", ", twice)}");
        // Both kinds exist: some names rest on a public source, the rest say which documented pattern they follow.
        Assert.Contains(AsrVocabulary.Entries, e => !e.ClosestPattern);
        Assert.Contains(AsrVocabulary.Entries, e => e.ClosestPattern);
    }

    [Fact]
    public void EveryInternalStateShowsAListedProtectionState()
    {
        var shown = Enum.GetValues<ProtectionState>().SelectMany(s => new[]
        {
            (VocabularyKind.ProtectionState, ProtectionStateNames.Of(s).State),
            (VocabularyKind.ProtectionStateDescription, ProtectionStateNames.Of(s).Description),
        });
        AssertListed(shown);
    }

    [Fact]
    public void AllowedOperationsAreReplicationProtectedItemOperationValuesOnly()
    {
        AssertListed(Enum.GetValues<AsrOperation>().Where(op => op != AsrOperation.EnableProtection)
            .Select(op => (VocabularyKind.AllowedOperation, op.ToString())));
        // Enabling protection is the item's PUT: ASR never lists it, so neither may the machine.
        Assert.False(AsrVocabulary.Contains(VocabularyKind.AllowedOperation, nameof(AsrOperation.EnableProtection)));
        foreach (var state in Enum.GetValues<ProtectionState>())
            Assert.DoesNotContain(AsrOperation.EnableProtection, new ProtectedItemMachine(new ProtectedItem { Id = "i", Name = "i", State = state }).AllowedOperations);
    }

    [Fact]
    public void ErrorCodesAreAsrsOrTheProjectsOwnAndNeverARuleId()
    {
        AssertListed(ErrorCatalog.All.Select(e => (VocabularyKind.ErrorCode, e.Code)));
        foreach (var entry in ErrorCatalog.All)
        {
            Assert.DoesNotContain(entry.Code, RuleCatalog.Rules.Keys);
            Assert.Matches(CodeSpace(), entry.Code);
        }
    }

    [Fact]
    public void TheReadmeDocumentsEveryCodeWithItsRule()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "Scenarios", "README.md"));
        foreach (var entry in ErrorCatalog.All)
            Assert.Contains($"| {entry.Code} | {entry.Rule} | {entry.Title} |", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryJobTaskStateAndCodeAnOperationShowsIsListed()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 3 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            var shown = new List<(VocabularyKind, string)>();
            // Every operation the machine permits, from every state, on both sites: jobs that succeed and jobs that fail.
            foreach (var state in Enum.GetValues<ProtectionState>())
            {
                var id = $"vm-{state}";
                var item = h.Add(id, state);
                h.SeedPoints(id);
                foreach (var operation in h.Orchestrator.PermittedOperations(id))
                {
                    shown.AddRange(Shown(ItemStatus.Of(h.Orchestrator.Item(id), h.Orchestrator.AllowedOperations(id), null)));
                    try
                    {
                        shown.AddRange(Shown(await Start(h, id, operation, item.ActiveLocation)));
                    }
                    catch (AsrException refused)
                    {
                        shown.Add((VocabularyKind.ErrorCode, refused.Error.Code));
                    }
                }
                shown.AddRange(Shown(ItemStatus.Of(h.Orchestrator.Item(id), h.Orchestrator.AllowedOperations(id), null)));
            }
            h.Discovery.Failback = (_, e) => e with { MasterTarget = null };
            h.Add("vm-failing", ProtectionState.FailoverCommittedInAzure);
            shown.AddRange(Shown(await h.Orchestrator.ReprotectAsync("vm-failing", Harness.Back)));
            shown.AddRange(Shown(ItemStatus.Of(h.Orchestrator.Item("vm-failing"), h.Orchestrator.AllowedOperations("vm-failing"), null)));

            foreach (var id in new[] { "db-1", "web-1" })
            {
                h.Add(id, ProtectionState.Protected);
                h.SeedPoints(id);
            }
            var plan = new RecoveryPlan("app", [["db-1"], ["web-1"]]);
            shown.AddRange(Shown(await h.Plans.UnplannedFailoverAsync(plan, RecoveryPointType.LatestTime)));
            shown.AddRange(Shown(await h.Plans.CommitAsync(plan)));
            foreach (var id in new[] { "db-1", "web-1" })
            {
                h.Add(id + "-t", ProtectionState.Protected);
                h.SeedPoints(id + "-t");
            }
            var tested = new RecoveryPlan("tested", [["db-1-t"], ["web-1-t"]]);
            // A plan's test failover and its cleanup, with the item jobs they ran.
            var planJobs = new List<Job> { await h.Plans.TestFailoverAsync(tested) };
            shown.AddRange(Shown(ItemStatus.Of(h.Orchestrator.Item("db-1-t"), h.Orchestrator.AllowedOperations("db-1-t"), null)));
            planJobs.Add(await h.Plans.TestFailoverCleanupAsync(tested, "notes"));
            foreach (var job in planJobs)
                shown.AddRange([.. Shown(job), .. job.ChildJobIds.SelectMany(child => Shown(h.Jobs.Find(child)!))]);
            Assert.Contains((VocabularyKind.JobTask, JobNames.StartVm), shown);

            Assert.Contains((VocabularyKind.JobState, nameof(JobState.Failed)), shown);
            Assert.Contains((VocabularyKind.JobAction, JobNames.Restart), shown);
            Assert.Contains((VocabularyKind.JobTask, JobNames.RecoveryPlanPreflight), shown);
            AssertListed(shown);
        });
    }

    [Fact]
    public void TheCheckFailsOnTheProjectsOldNames()
    {
        (VocabularyKind, string)[] old =
        [
            (VocabularyKind.ProtectionState, "FailbackCommitted"),
            (VocabularyKind.ProtectionState, "InitialReplication"),
            (VocabularyKind.AllowedOperation, "EnableProtection"),
            (VocabularyKind.JobTask, "Prerequisites check"),
            (VocabularyKind.JobTask, "Start the virtual machine on-premises"),
            (VocabularyKind.ErrorCode, "PRE-4"),
            (VocabularyKind.ErrorCode, "InternalError"),
        ];
        Assert.Equal(old, Unlisted(old));
        Assert.Throws<Xunit.Sdk.TrueException>(() => AssertListed(old));
    }

    private static IEnumerable<(VocabularyKind, string)> Shown(ItemStatus status) =>
    [
        (VocabularyKind.ProtectionState, status.ProtectionState),
        (VocabularyKind.ProtectionStateDescription, status.ProtectionStateDescription),
        (VocabularyKind.ActiveLocation, status.ActiveLocation),
        (VocabularyKind.Health, status.ReplicationHealth),
        (VocabularyKind.Health, status.FailoverHealth),
        (VocabularyKind.TestFailoverState, status.TestFailoverState),
        (VocabularyKind.TestFailoverStateDescription, status.TestFailoverStateDescription),
        .. status.AllowedOperations.Select(op => (VocabularyKind.AllowedOperation, op)),
        .. status.HealthErrors.Select(e => (VocabularyKind.ErrorCode, e.Code)),
    ];

    private static IEnumerable<(VocabularyKind, string)> Shown(Job job) =>
    [
        (VocabularyKind.JobScenario, job.ScenarioName),
        (VocabularyKind.JobFriendlyName, job.FriendlyName),
        (VocabularyKind.JobState, job.State.ToString()),
        (VocabularyKind.JobStateDescription, job.StateDescription),
        .. job.Tasks.SelectMany(t => new[] { (VocabularyKind.JobTask, t.Name), (VocabularyKind.JobState, t.State.ToString()) }),
        .. job.Errors.Select(e => (VocabularyKind.ErrorCode, e.Code)),
        .. job.AllowedActions.Select(a => (VocabularyKind.JobAction, a)),
    ];

    private static Task<Job> Start(Harness h, string id, AsrOperation operation, Site location) => operation switch
    {
        AsrOperation.EnableProtection => h.Orchestrator.EnableProtectionAsync(id, Harness.Enable),
        AsrOperation.ReverseReplicate => h.Orchestrator.ReprotectAsync(id, location == Site.Azure ? Harness.Back : Harness.Forward),
        AsrOperation.UnplannedFailover => h.Orchestrator.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest),
        AsrOperation.Commit => h.Orchestrator.CommitAsync(id),
        AsrOperation.TestFailover => h.Orchestrator.TestFailoverAsync(id, new TestFailoverInput()),
        AsrOperation.TestFailoverCleanup => h.Orchestrator.TestFailoverCleanupAsync(id, new TestFailoverCleanupInput("notes")),
        _ => h.Orchestrator.DisableProtectionAsync(id),
    };

    private static List<(VocabularyKind, string)> Unlisted(IEnumerable<(VocabularyKind Kind, string Name)> shown) =>
        [.. shown.Distinct().Where(s => !AsrVocabulary.Contains(s.Kind, s.Name))];

    private static void AssertListed(IEnumerable<(VocabularyKind, string)> shown)
    {
        var missing = Unlisted(shown);
        Assert.True(missing.Count == 0, $"shown to users but not in AsrVocabulary: {string.Join(", ", missing)}");
    }

    /// <summary>ASR's numeric codes, or FB and four digits.</summary>
    [GeneratedRegex(@"^(\d+|FB\d{4})$")]
    private static partial Regex CodeSpace();
}
