using System.Text.Json.Nodes;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Replication;

namespace Failback.Lab.Arm.Resources;

/// <summary>A recovery point of an item's running (or last) leg: its time and consistency (ASR's RecoveryPoint).</summary>
internal static class RecoveryPointJson
{
    public static JsonObject Of(VaultView view, ProtectedItem item, RecoveryPoint point) =>
        Json.Resource(view.Arm.RecoveryPoint(view.Fabric, item.Id, point.Id), point.Id, ArmVault.Types.RecoveryPoint, view.Arm.Location, new JsonObject
        {
            ["recoveryPointTime"] = Json.Time(point.Time),
            ["recoveryPointType"] = point.Type.ToString(),
        });
}
