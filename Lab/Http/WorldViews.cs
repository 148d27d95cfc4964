using Failback.Scenarios.Language;
using Failback.Scenarios.World;

namespace Failback.Lab.Http;

/// <summary>
/// What the API shows of a lab's world, read on the lab's thread (a consistent snapshot). Names and fields follow ASR's
/// API (protectionState, activeLocation, replicationHealth, job states); no password or passphrase appears.
/// </summary>
internal static class WorldViews
{
    public static object Items(DrillWorld world) => world.Vault is not { } vault ? Array.Empty<object>() : vault.Items.Select(item =>
    {
        var status = vault.Status(item.Id);
        return new
        {
            id = item.Id,
            name = item.Name,
            protectionState = status.ProtectionState,
            protectionStateDescription = status.ProtectionStateDescription,
            activeLocation = status.ActiveLocation,
            replicationHealth = status.ReplicationHealth,
            healthErrors = status.HealthErrors.Select(e => new { code = e.Code, message = e.Message }),
            allowedOperations = status.AllowedOperations,
            rpo = Quantities.FormatDuration(vault.Rpo(item.Id)),
            rpoSeconds = vault.Rpo(item.Id).TotalSeconds,
            recoveryPoints = vault.RecoveryPoints(item.Id).Count,
        };
    }).ToList();

    public static object? RecoveryPoints(DrillWorld world, string name)
    {
        var item = world.Vault?.Items.FirstOrDefault(i => i.Name == name);
        if (item is null) return null;
        var now = world.Simulation.Clock.GetUtcNow();
        return world.Vault!.RecoveryPoints(item.Id).Reverse().Select(p => new
        {
            id = $"rp-{p.Number}",
            recoveryPointType = p.Type.ToString(),
            recoveryPointTime = p.Time,
            age = Quantities.FormatDuration(now - p.Time),
        }).ToList();
    }

    public static object Jobs(DrillWorld world) => world.Vault is not { } vault ? Array.Empty<object>() : vault.Jobs.Select(j => new
    {
        id = j.Id,
        scenarioName = j.ScenarioName,
        friendlyName = j.FriendlyName,
        targetObjectName = j.TargetObjectName,
        state = j.State.ToString(),
        stateDescription = j.StateDescription,
        startTime = j.StartTime,
        endTime = j.EndTime,
        errors = j.Errors.Select(e => new { code = e.Code, message = e.Message, possibleCauses = e.PossibleCauses, recommendedAction = e.RecommendedAction }),
        allowedActions = j.AllowedActions,
        tasks = j.Tasks.Select(t => new { name = t.Name, state = t.State.ToString(), startTime = t.StartTime, endTime = t.EndTime }),
    }).ToList();

    public static object VSphere(DrillWorld world) => new
    {
        hosts = world.Site.Hosts.Select(h => new { name = h.Name, version = h.Version, connected = h.IsConnected, edition = h.Edition.ToString() }),
        datastores = world.Site.Datastores.Select(d => new { name = d.Name, type = d.DatastoreType.ToString(), capacity = Quantities.FormatSize(d.Capacity) }),
        vms = world.Site.Vms.Where(v => !v.Removed).Select(v => new
        {
            name = v.Name,
            host = v.Host.Name,
            datastore = v.Datastore.Name,
            power = v.IsPoweredOn ? "on" : "off",
            guestId = v.GuestId,
            disks = v.Disks.Select(d => Quantities.FormatSize(d.CapacityBytes)),
            snapshots = v.AllSnapshots.Count(),
            guestWrites = world.Machines.FirstOrDefault(m => m.Vm == v)?.TotalWrites,
        }),
    };

    public static object Azure(DrillWorld world) => world.Azure is not { } azure ? Array.Empty<object>() : azure.Cloud.Resources.Select(r => new
    {
        id = r.Id?.ToString(),
        name = r.Name,
        type = r.GetType().Name,
        location = r.Location,
        provisioningState = r.ProvisioningState.ToString(),
    }).ToList();
}
