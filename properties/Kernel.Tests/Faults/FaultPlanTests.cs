using Failback.Simulators.Kernel;
using FsCheck.Xunit;
using Xunit;

namespace Failback.Kernel.Tests.Faults;

public sealed class FaultPlanTests
{
    private sealed class Harness
    {
        public VirtualClock Clock { get; } = new();
        public List<TraceEvent> Events { get; } = [];
        public FaultPlan Plan { get; }
        public ChoiceStream Stream { get; }

        public Harness(ulong seed = 1)
        {
            var trace = new Trace(Clock);
            trace.Subscribe(Events.Add);
            Stream = new SeededChoices(seed).Stream("faults");
            Plan = new FaultPlan(Clock, Stream, trace);
        }

        public void AdvanceTo(TimeSpan elapsed)
        {
            Clock.CreateTimer(_ => { }, null, elapsed - Clock.Elapsed, Timeout.InfiniteTimeSpan);
            Clock.FireNext();
        }

        public int Fired(Func<FaultHit?> consult, int calls) => Enumerable.Range(0, calls).Count(_ => consult() is not null);
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("vcenter", "vcenter", true)]
    [InlineData("vcenter", "VCenter", true)]
    [InlineData("vcenter", "vcenter2", false)]
    [InlineData("Power*", "PowerOnVM_Task", true)]
    [InlineData("Power*", "ReconfigVM_Task", false)]
    [InlineData("*VM_Task", "PowerOffVM_Task", true)]
    [InlineData("ps-?", "ps-1", true)]
    [InlineData("ps-?", "ps-12", false)]
    [InlineData("vm-*-disk-?", "vm-12-disk-0", true)]
    [InlineData("vm-*-disk-?", "vm-12-disk-10", false)]
    [InlineData("*a*b*", "xxaYYbzz", true)]
    [InlineData("*a*b", "ab-a", false)]
    [InlineData("", "", true)]
    [InlineData("?", "", false)]
    [InlineData("**", "", true)]
    public void Matches_IsACaseInsensitiveGlob(string pattern, string value, bool expected) =>
        Assert.Equal(expected, FaultPlan.Matches(pattern, value));

    [Property(MaxTest = 200)]
    public bool Matches_AgreesWithARegexGlob(string? patternSource, string? value)
    {
        // Patterns over a small alphabet so matches happen often.
        var pattern = new string((patternSource ?? "").Select(c => "ab*?"[c % 4]).ToArray());
        var text = new string((value ?? "").Select(c => "abAB"[c % 4]).ToArray());
        var regex = "^" + string.Concat(pattern.Select(c => c switch { '*' => ".*", '?' => ".", _ => System.Text.RegularExpressions.Regex.Escape(c.ToString()) })) + "$";
        return FaultPlan.Matches(pattern, text) ==
               System.Text.RegularExpressions.Regex.IsMatch(text, regex, System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline);
    }

    [Fact]
    public void Consult_MatchesOnTargetOperationAndObject()
    {
        var h = new Harness();
        h.Plan.Add(new FaultRule { Target = "vcenter", Operation = "PowerOnVM_Task", Object = "vm-1*", Fault = "InvalidPowerState" });

        Assert.Null(h.Plan.Consult("azure", "PowerOnVM_Task", "vm-10"));
        Assert.Null(h.Plan.Consult("vcenter", "PowerOffVM_Task", "vm-10"));
        Assert.Null(h.Plan.Consult("vcenter", "PowerOnVM_Task", "vm-2"));
        var hit = h.Plan.Consult("vcenter", "PowerOnVM_Task", "vm-10");
        Assert.NotNull(hit);
        Assert.Equal("InvalidPowerState", hit.Fault);
    }

    [Fact]
    public void Consult_FiresWithTheRulesProbability_DeterministicallyForASeed()
    {
        static List<int> Firings(ulong seed)
        {
            var h = new Harness(seed);
            h.Plan.Add(new FaultRule { Target = "azure", Probability = 0.3, Fault = "429", Detail = "20" });
            return Enumerable.Range(0, 2000).Where(_ => h.Plan.Consult("azure", "PUT", "disk-1") is not null).ToList();
        }

        var fired = Firings(5);
        Assert.InRange(fired.Count, 520, 680);
        Assert.Equal(fired, Firings(5));
        Assert.NotEqual(fired, Firings(6));
    }

    [Fact]
    public void Consult_DrawsOnlyForUncertainMatchingRules_SoOtherDrawsDoNotShift()
    {
        var h = new Harness();
        h.Plan.Add(new FaultRule { Target = "disk", Fault = "EIO" });
        h.Plan.Add(new FaultRule { Target = "network", Probability = 0.5, Fault = "partition" });
        for (var i = 0; i < 5; i++)
        {
            Assert.NotNull(h.Plan.Consult("disk", "write", "disk-0"));
            Assert.Null(h.Plan.Consult("vcenter", "PowerOnVM_Task", "vm-1"));
        }
        Assert.Equal(0, h.Stream.Draws);

        var expected = new SeededChoices(1).Stream("faults").Chance(0.5);
        Assert.Equal(expected, h.Plan.Consult("network", "send", "ps-1") is not null);
        Assert.Equal(1, h.Stream.Draws);
    }

    [Fact]
    public void Skip_LetsTheFirstMatchesPass_ThenCountLimitsTheFirings()
    {
        var h = new Harness();
        h.Plan.Add(new FaultRule { Target = "vcenter", Operation = "CreateSnapshot_Task", Skip = 2, Count = 3, Fault = "FileLocked" });

        var outcomes = Enumerable.Range(0, 8).Select(_ => h.Plan.Consult("vcenter", "CreateSnapshot_Task", "vm-1") is not null).ToList();
        Assert.Equal([false, false, true, true, true, false, false, false], outcomes);
        Assert.Equal(0, h.Fired(() => h.Plan.Consult("vcenter", "OtherOperation", "vm-1"), 3));
    }

    [Fact]
    public void FromUntil_LimitTheRuleToAVirtualTimeWindow()
    {
        var h = new Harness();
        h.Plan.Add(new FaultRule { Target = "network", From = TimeSpan.FromHours(1), Until = TimeSpan.FromHours(2), Fault = "partition" });

        Assert.Null(h.Plan.Consult("network", "send", "ps-1"));
        h.AdvanceTo(TimeSpan.FromHours(1));
        Assert.NotNull(h.Plan.Consult("network", "send", "ps-1")); // From is inclusive
        h.AdvanceTo(TimeSpan.FromHours(2) - TimeSpan.FromTicks(1));
        Assert.NotNull(h.Plan.Consult("network", "send", "ps-1"));
        h.AdvanceTo(TimeSpan.FromHours(2));
        Assert.Null(h.Plan.Consult("network", "send", "ps-1")); // Until is exclusive
    }

    [Fact]
    public void FirstMatchingRuleWins_AndADelayOnlyRuleHasNoFault()
    {
        var h = new Harness();
        h.Plan.Add(new FaultRule { Target = "azure", Operation = "GET", Delay = TimeSpan.FromSeconds(4), Name = "slow-gets" });
        h.Plan.Add(new FaultRule { Target = "azure", Fault = "500" });

        var get = h.Plan.Consult("azure", "GET", "vm-1")!;
        Assert.Null(get.Fault);
        Assert.Equal(TimeSpan.FromSeconds(4), get.Delay);
        Assert.Equal("500", h.Plan.Consult("azure", "PUT", "vm-1")!.Fault);
        Assert.Equal(["slow-gets", "azure/*/*->500"], h.Plan.Rules.Select(r => r.ToString()));
    }

    [Fact]
    public void Firing_IsTraced_WithTheCallAndTheRule()
    {
        var h = new Harness();
        var rule = new FaultRule { Target = "vcenter", Operation = "Relocate*", Fault = "NoPermission", Delay = TimeSpan.FromSeconds(2) };
        h.Plan.Add(rule);
        h.AdvanceTo(TimeSpan.FromMinutes(3));
        h.Plan.Consult("vcenter", "RelocateVM_Task", "vm-7");

        Assert.Equal(["rule.added", "fault.fired"], h.Events.Select(e => e.Kind));
        var fired = h.Events[1];
        Assert.Equal("faults", fired.Source);
        Assert.Equal(h.Clock.GetUtcNow(), fired.Time);
        Assert.Equal("vcenter", fired["target"]);
        Assert.Equal("RelocateVM_Task", fired["operation"]);
        Assert.Equal("vm-7", fired["object"]);
        Assert.Equal("NoPermission", fired["fault"]);
        Assert.Equal(TimeSpan.FromSeconds(2), fired["delay"]);

        Assert.True(h.Plan.Remove(rule));
        Assert.Equal("rule.removed", h.Events[^1].Kind);
        Assert.Null(h.Plan.Consult("vcenter", "RelocateVM_Task", "vm-7"));
        Assert.False(h.Plan.Remove(rule));
    }

    [Theory]
    [InlineData(1.5, null, 0, 0, "probability")]
    [InlineData(-0.1, null, 0, 0, "probability")]
    [InlineData(double.NaN, null, 0, 0, "probability")]
    [InlineData(1.0, -1, 0, 0, "count")]
    [InlineData(1.0, null, -2, 0, "skip")]
    [InlineData(1.0, null, 0, -1, "delay")]
    public void BadRules_AreRefusedWithAClearMessage_AndNotAdded(double probability, int? count, int skip, int delaySeconds, string word)
    {
        var h = new Harness();
        var e = Assert.Throws<ArgumentException>(() => h.Plan.Add(new FaultRule
        {
            Target = "vcenter", Probability = probability, Count = count, Skip = skip, Delay = TimeSpan.FromSeconds(delaySeconds), Fault = "x",
        }));
        Assert.Contains(word, e.Message, StringComparison.Ordinal);
        Assert.Contains("vcenter/*/*->x", e.Message, StringComparison.Ordinal);
        Assert.Empty(h.Plan.Rules);
        Assert.Empty(h.Events);
    }

    [Fact]
    public void AWindowThatEndsBeforeItStarts_IsRefused()
    {
        var h = new Harness();
        var e = Assert.Throws<ArgumentException>(() => h.Plan.Add(new FaultRule { Target = "disk", From = TimeSpan.FromHours(2), Until = TimeSpan.FromHours(1) }));
        Assert.Contains("window", e.Message, StringComparison.Ordinal);
        Assert.Empty(h.Plan.Rules);
    }
}
