namespace Failback.Engine.Orchestration.Errors;

/// <summary>
/// An error as ASR reports it: a code (ASR's documented code where one exists, else the seed rule's
/// ID), the rule it comes from, what happened, why it may have happened and what to do.
/// </summary>
public sealed record AsrError(string Code, string? Rule, string Message, string PossibleCauses, string RecommendedAction)
{
    public override string ToString() => $"{Code}: {Message}";
}
