using System.Text.Json.Nodes;
using Failback.Engine.Components;
using Failback.Engine.Ports.VSphere;

namespace Failback.Lab.Arm.Resources;

/// <summary>
/// The VMware fabric (ASR's Fabric with VMwareDetails): the configuration server and what is registered with it,
/// the process servers and master targets with their last heartbeats, and the datastores the master targets can
/// write failback disks to. While the configuration server is lost the fabric is Critical and lists no server.
/// </summary>
internal static class FabricJson
{
    /// <summary>The datastore's type as vSphere's DatastoreSummary.type spells it (ASR's fabric reports what vCenter says).</summary>
    private static string SummaryType(DatastoreType type) => type switch
    {
        DatastoreType.Nfs => "NFS",
        DatastoreType.Nfs41 => "NFS41",
        DatastoreType.Vsan => "vsan",
        _ => "VMFS",
    };

    public static JsonObject Of(VaultView view)
    {
        var vault = view.Vault;
        var running = vault.ConfigurationServerRunning;
        var datastores = new JsonArray([.. view.World.Site.Datastores.Select(d => (JsonNode)new JsonObject
        {
            ["symbolicName"] = d.Name,
            ["uuid"] = d.Uuid.ToString(),
            ["capacity"] = (d.Capacity >> 30).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["freeSpace"] = (d.FreeSpace >> 30).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["type"] = SummaryType(d.DatastoreType),
        })]);
        var details = new JsonObject
        {
            ["instanceType"] = "VMware",
            ["processServers"] = new JsonArray([.. view.Servers(ServerRole.ProcessServer).Select(s => (JsonNode)new JsonObject
            {
                ["friendlyName"] = s.Name,
                ["id"] = s.Id,
                ["ipAddress"] = s.IpAddress,
                ["osType"] = "Windows",
                ["health"] = s.LastHeartbeat is null ? "Warning" : "Normal",
            }.Set("lastHeartbeat", s.LastHeartbeat))]),
            ["masterTargetServers"] = new JsonArray([.. view.Servers(ServerRole.MasterTarget).Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Id,
                ["name"] = s.Name,
                ["ipAddress"] = s.IpAddress,
                ["dataStores"] = datastores.DeepClone(),
            }.Set("lastHeartbeat", s.LastHeartbeat))]),
            // RunAsAccount: its id and name only; the password stays on the configuration server.
            ["runAsAccounts"] = new JsonArray([.. vault.RunAsAccounts.Select(a => (JsonNode)new JsonObject { ["accountId"] = a.AccountId, ["accountName"] = a.AccountName })]),
            ["processServerCount"] = view.Servers(ServerRole.ProcessServer).Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["protectedServers"] = vault.Items.Count(i => i.Direction is not null).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["hostName"] = view.Fabric,
            ["csServiceStatus"] = running ? "Running" : "Stopped",
        };
        if (running) details["ipAddress"] = vault.ConfigurationServer.IpAddress;
        return Json.Resource(view.Arm.Fabric(view.Fabric), view.Fabric, ArmVault.Types.Fabric, view.Arm.Location, new JsonObject
        {
            ["friendlyName"] = view.Fabric,
            ["internalIdentifier"] = running ? vault.ConfigurationServer.Id : view.Fabric,
            ["health"] = running ? "Normal" : "Critical",
            ["healthErrorDetails"] = new JsonArray(),
            ["customDetails"] = details,
        });
    }
}
