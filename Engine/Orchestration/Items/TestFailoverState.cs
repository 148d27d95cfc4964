namespace Failback.Engine.Orchestration.Items;

/// <summary>
/// ASR's testFailoverState of a protected item. A test failover leaves the item's protectionState alone (replication
/// goes on); this field says whether a test VM exists and whether it waits for its cleanup. None is what ASR reports
/// for an item with no test failover pending; the other names follow the Microsoft.DataReplication family
/// (TestFailoverInitiated, ...), the closest documented pattern.
/// </summary>
public enum TestFailoverState
{
    None,
    TestFailoverInitiated,
    /// <summary>The test VM runs; the test failover waits for its cleanup.</summary>
    TestFailoverCompleted,
    TestFailoverFailed,
    TestFailoverCleanupInitiated,
    TestFailoverCleanupFailed,
}
