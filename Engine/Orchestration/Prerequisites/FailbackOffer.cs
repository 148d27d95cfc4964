using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Rules;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>Whether failback is offered for a machine at all (LOC-3), whatever the sites look like.</summary>
internal static class FailbackOffer
{
    /// <summary>A Windows Server 2008 R2 SP1 machine protected as a physical server is never offered failback (the item's state machine refuses it first).</summary>
    [RuleCheck("LOC-3")]
    public static AsrError? Refusal(ProtectedItem item) =>
        item.FailbackSupported ? null
            : ErrorCatalog.FailbackNotSupported.Create($"'{item.Name}' is a {ProtectedItem.WindowsServer2008R2Sp1} machine protected as a physical server");
}
