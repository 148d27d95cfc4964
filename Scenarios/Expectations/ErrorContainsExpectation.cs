using Failback.Scenarios.Language;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Expectations;

/// <summary>
/// <c>error-contains: {step: N, text: "..."}</c>: step N failed and its error message contains the text (ordinal,
/// case-sensitive), so a drill asserts what users read (ASR's wording, the VM's name) as well as the code.
/// </summary>
internal static class ErrorContainsExpectation
{
    public static BoundExpectation Bind(ScenarioItem item, Topology topology, int stepCount)
    {
        var m = ExpectationBinder.Fields(item.Args);
        var index = m.Required("step").AsInt(1, stepCount);
        var textNode = m.Required("text");
        var text = textNode.AsString();
        if (string.IsNullOrWhiteSpace(text)) throw textNode.Error("error-contains needs a non-blank text to look for.");
        return new(item, $"step {index} failed with a message containing \"{text}\"", (_, steps) =>
        {
            var step = steps.Count >= index ? steps[index - 1] : null;
            if (step is null) return new Verdict(false, $"step {index} did not run");
            if (step.Succeeded) return new Verdict(false, $"step {index} succeeded: {step.Detail}");
            return new Verdict(step.Detail.Contains(text, StringComparison.Ordinal), $"step {index} failed with {step.ErrorCode}: {step.Detail}");
        });
    }
}
