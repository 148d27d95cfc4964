namespace Failback.Engine.Orchestration.Errors;

/// <summary>
/// An error as ASR reports it: a code (ASR's documented code where one exists, else the project's FB
/// code), the seed rule it comes from (a separate field, never the code), what happened, why it may have
/// happened and what to do.
/// </summary>
public sealed record AsrError(string Code, string? Rule, string Message, string PossibleCauses, string RecommendedAction)
{
    public override string ToString() => $"{Code}: {Message}";
}
