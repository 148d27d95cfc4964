namespace Failback.Engine.Orchestration.Rules;

/// <summary>
/// Marks the one function that implements a rule's check; every operation and component where the rule
/// applies calls it. A test keeps each rule ID on at most one function and rule IDs out of other code,
/// so a second copy of a check (which drifts) cannot come back unnoticed.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class RuleCheckAttribute(string ruleId) : Attribute
{
    public string RuleId { get; } = ruleId;
}
