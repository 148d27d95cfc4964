using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.Engine.Replication;

namespace Failback.Engine.Orchestration.Items;

/// <summary>
/// A protected item's state fields as ASR's API reports them (ReplicationProtectedItemProperties): what users,
/// drills and reports see, while <see cref="ProtectedItem.State"/> keeps the machine's finer internal state.
/// </summary>
public sealed record ItemStatus(
    string FriendlyName,
    string ProtectionState,
    string ProtectionStateDescription,
    string ActiveLocation,
    string ReplicationHealth,
    IReadOnlyList<AsrError> HealthErrors,
    string FailoverHealth,
    string TestFailoverState,
    IReadOnlyList<string> AllowedOperations)
{
    /// <summary>The status of <paramref name="item"/>; <paramref name="health"/> is null while nothing replicates.</summary>
    public static ItemStatus Of(ProtectedItem item, IReadOnlyList<AsrOperation> allowed, ReplicationHealth? health)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(allowed);
        var (state, description) = ProtectionStateNames.Of(item.State);
        IReadOnlyList<AsrError> errors = item.LastError is { } error ? [error] : [];
        return new(
            item.Name,
            state,
            description,
            // Primary is the site protection started from (on-premises), Recovery is Azure.
            item.ActiveLocation == Site.OnPremises ? "Primary" : "Recovery",
            health?.ToString() ?? "None",
            errors,
            errors.Count > 0 ? "Warning" : "Normal",
            // Test failover is not modelled: ASR reports None for an item that never ran one.
            "None",
            [.. allowed.Select(op => op.ToString())]);
    }
}
