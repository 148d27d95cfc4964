using System.Reflection;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// One entry of an operation's prerequisite list: a rule's one [RuleCheck] function and where its facts come
/// from (null facts: the check does not apply, e.g. no master target to judge). The entry runs exactly that
/// function, so the lists say which rules each operation checks and a test can read them.
/// </summary>
internal sealed class PrerequisiteCheck<TContext>
{
    private readonly Func<ProtectedItem, TContext, IEnumerable<AsrError>> _run;

    private PrerequisiteCheck(MethodInfo function, Func<ProtectedItem, TContext, IEnumerable<AsrError>> run)
    {
        Function = function;
        _run = run;
    }

    /// <summary>The [RuleCheck] function this entry runs.</summary>
    public MethodInfo Function { get; }

    public static PrerequisiteCheck<TContext> Of(Func<ProtectedItem, AsrError?> check) =>
        new(check.Method, (item, _) => check(item) is { } error ? [error] : []);

    public static PrerequisiteCheck<TContext> Of<TFacts>(Func<ProtectedItem, TFacts, AsrError?> check, Func<TContext, TFacts?> facts) where TFacts : class =>
        new(check.Method, (item, context) => facts(context) is { } f && check(item, f) is { } error ? [error] : []);

    public static PrerequisiteCheck<TContext> Of<TFacts>(Func<ProtectedItem, TFacts, IEnumerable<AsrError>> check, Func<TContext, TFacts?> facts) where TFacts : class =>
        new(check.Method, (item, context) => facts(context) is { } f ? check(item, f) : []);

    /// <summary>Every failure of every check in the list's order, not just the first: one failed job tells the engineer everything to fix.</summary>
    public static IReadOnlyList<AsrError> Run(IEnumerable<PrerequisiteCheck<TContext>> checks, ProtectedItem item, TContext context)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        return [.. checks.SelectMany(c => c._run(item, context))];
    }
}
