namespace Failback.Engine.Orchestration.Errors;

/// <summary>One entry of the <see cref="ErrorCatalog"/>: the fixed parts of an error; the detail names the objects.</summary>
public sealed record AsrErrorDefinition(string Code, string? Rule, string Title, string PossibleCauses, string RecommendedAction)
{
    public AsrError Create(string detail) =>
        new(Code, Rule, string.IsNullOrEmpty(detail) ? Title + "." : $"{Title}: {detail}", PossibleCauses, RecommendedAction);
}
