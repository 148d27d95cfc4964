using Failback.Lab.Sessions;
using Failback.Scenarios.Language;
using Xunit;

namespace Failback.Lab.Tests;

/// <summary>A lab's drill: the drill language reads it without its objectives, the objectives bind against its topology.</summary>
public sealed class LabDrillTests
{
    public static string Labs => Path.Combine(RepoRoot.Path, "Scenarios", "labs");

    [Fact]
    public void The_failback_exercise_binds_with_its_objectives()
    {
        var drill = LabDrill.Load(Path.Combine(Labs, "failback-cycle.yaml"));
        Assert.Equal(5, drill.Objectives.Count);
        Assert.Equal(100, drill.Objectives.Sum(o => o.Points));
        Assert.All(drill.Objectives, o => Assert.NotEmpty(o.Hints));
    }

    [Theory]
    [InlineData("failback-cycle.yaml")]
    [InlineData("reprotect-refused.yaml")]
    [InlineData("link-drop-during-failback.yaml")]
    public async Task Each_exercise_starts_with_its_steps_run_and_no_objective_reached(string file)
    {
        using var scratch = new Scratch();
        using var registry = new LabRegistry(scratch["labs"]);
        var lab = await registry.CreateAsync("exercise", Path.Combine(Labs, file), null, speed: 0);
        await lab.Session.AdvanceAsync(TimeSpan.FromMinutes(1));
        var objectives = await lab.Session.ObjectivesAsync();
        Assert.True(objectives.Count >= 3);
        Assert.Equal(100, objectives.Sum(o => o.Objective.Points));
        Assert.All(objectives, o => Assert.False(o.Held, $"{o.Objective.Title}: {o.Actual}"));
    }

    [Fact]
    public async Task A_drill_whose_starting_steps_fail_makes_no_lab_and_its_name_stays_free()
    {
        using var scratch = new Scratch();
        using var registry = new LabRegistry(scratch["labs"]);
        var bad = scratch["bad.yaml"];
        File.WriteAllText(bad, "title: t\nsteps:\n  - power-on: {vm: app-01, fails-with: NoPermission}\n");
        var error = await Assert.ThrowsAsync<LabInputException>(() => registry.CreateAsync("x", bad, null, 0));
        Assert.Equal("LabDrillFailed", error.Code);
        Assert.Contains("step 1", error.Message);
        Assert.Empty(Directory.GetFiles(registry.Folder));
        var good = scratch["good.yaml"];
        File.WriteAllText(good, "title: t\nsteps:\n  - power-off: {vm: app-01}\n");
        var lab = await registry.CreateAsync("x", good, null, 0);
        Assert.Equal("x", Assert.Single(registry.List()).Name);
        await Assert.ThrowsAsync<LabInputException>(() => registry.CreateAsync("x", good, null, 0));
        await Assert.ThrowsAsync<LabInputException>(() => registry.CreateAsync("Bad Name", good, null, 0));
        registry.Delete("x");
        Assert.Empty(registry.List());
        _ = lab;
    }

    [Fact]
    public void Objectives_are_blanked_keeping_the_other_lines_where_they_were()
    {
        const string text = "title: t\nobjectives:\n  - title: a\n    expect: {vm: {name: app-01, power: on}}\nsteps:\n  - wait: 1m\n  - bogus: 1\n";
        var blanked = LabDrill.WithoutObjectives(text);
        Assert.DoesNotContain("objectives", blanked);
        Assert.Equal(text.Split('\n').Length, blanked.Split('\n').Length);
        var error = Assert.Throws<ScenarioError>(() => LabDrill.Parse("t.yaml", text));
        Assert.Equal(7, error.Line);
    }

    [Fact]
    public void An_objective_naming_an_unknown_vm_is_refused_where_it_is_written()
    {
        const string text = "title: t\nsteps:\n  - wait: 1m\nobjectives:\n  - title: a\n    expect: {vm: {name: nope, power: on}}\n";
        var error = Assert.Throws<ScenarioError>(() => LabDrill.Parse("t.yaml", text));
        Assert.True(error.Line == 6, error.Message);
        Assert.Contains("nope", error.Message);
    }
}
