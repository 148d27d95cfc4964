using Failback.Scenarios.Language;
using Failback.Scenarios.Running;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary><c>error-contains</c> holds only when the failed step's message has the text: ASR's wording, not a paraphrase.</summary>
public class ErrorContainsTests
{
    private static readonly string Drill = Path.Combine(RepoRoot.Drills, "azure-vm-refusals.yaml");
    private const string AsrWording = "The VM is not running, in a hung state, or not accessible: the Azure VM of 'app-01' is not running";

    [Fact]
    public void AsrsWordingHolds_AParaphraseOrAnotherVmDoesNot()
    {
        var text = File.ReadAllText(Drill);
        Assert.Contains(AsrWording, text, StringComparison.Ordinal);
        Assert.True(Run(text).Passed);
        // The project's old paraphrase of 78093, another VM's name, another case: each fails the expectation.
        foreach (var planted in new[]
                 {
                     "The Azure VM is not running or is not responding",
                     "The VM is not running, in a hung state, or not accessible: the Azure VM of 'app-02'",
                     "the vm is not running, in a hung state, or not accessible",
                 })
        {
            var report = Run(text.Replace(AsrWording, planted, StringComparison.Ordinal));
            Assert.False(report.Passed, planted);
            Assert.Contains(report.Expectations, e => !e.Held && e.Expected.Contains(planted, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AStepThatSucceededOrABlankTextIsReported()
    {
        var text = File.ReadAllText(Drill);
        // Step 1 of the drill succeeds, so no message of it can hold.
        var onSuccess = Run(text.Replace("- error-contains: {step: 13,", "- error-contains: {step: 1,", StringComparison.Ordinal));
        Assert.Contains(onSuccess.Expectations, e => !e.Held && e.Actual.StartsWith("step 1 succeeded", StringComparison.Ordinal));
        var blank = Assert.Throws<ScenarioError>(() => BoundScenario.Parse("blank.yaml",
            text.Replace(AsrWording, " ", StringComparison.Ordinal)));
        Assert.Contains("non-blank text", blank.Message, StringComparison.Ordinal);
    }

    private static RunReport Run(string text) => ScenarioRunner.Run(BoundScenario.Parse(Drill, text)).Report;
}
