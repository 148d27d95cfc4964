using Failback.Engine.Components;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Operations;

namespace Failback.Engine.Orchestration.Services;

/// <summary>
/// What the data plane needs to start replicating an item one way: the process server that sends the
/// data; for failback also the master target, the datastore for new disks and the retention volume.
/// </summary>
public sealed record ReplicationRequest(
    string ItemId,
    ReplicationDirection Direction,
    string ProcessServer,
    ReplicationPolicy Policy,
    string? MasterTarget = null,
    string? Datastore = null,
    string? RetentionVolume = null);
