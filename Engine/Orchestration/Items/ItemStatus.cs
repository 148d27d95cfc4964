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
    string TestFailoverStateDescription,
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
            item.TestFailoverState.ToString(),
            TestFailoverDescription(item.TestFailoverState),
            [.. allowed.Select(op => op.ToString())]);
    }

    /// <summary>testFailoverStateDescription, in the portal's words ("None" as ASR reports it for an item with no test pending).</summary>
    public static string TestFailoverDescription(TestFailoverState state) => state switch
    {
        Items.TestFailoverState.None => "None",
        Items.TestFailoverState.TestFailoverInitiated => "Test failover in progress",
        Items.TestFailoverState.TestFailoverCompleted => "Test failover completed, cleanup pending",
        Items.TestFailoverState.TestFailoverFailed => "Test failover failed",
        Items.TestFailoverState.TestFailoverCleanupInitiated => "Cleanup test failover in progress",
        _ => "Cleanup test failover failed",
    };
}
