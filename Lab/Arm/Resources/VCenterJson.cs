using System.Text.Json.Nodes;
using Failback.Engine.Components;

namespace Failback.Lab.Arm.Resources;

/// <summary>A vCenter (or standalone ESXi host) the configuration server discovers (ASR's VCenter).</summary>
internal static class VCenterJson
{
    public static JsonObject Of(VaultView view, string server)
    {
        var properties = new JsonObject
        {
            ["friendlyName"] = server,
            ["internalId"] = server,
            ["discoveryStatus"] = "Completed",
            ["ipAddress"] = server,
            ["port"] = "443",
            ["fabricArmResourceName"] = view.Fabric,
            ["healthErrors"] = new JsonArray(),
        };
        if (view.Servers(ServerRole.ProcessServer).FirstOrDefault(s => s.Location != "Azure") is { } ps) properties["processServerId"] = ps.Id;
        return Json.Resource(view.Arm.VCenter(view.Fabric, server), server, ArmVault.Types.VCenter, view.Arm.Location, properties);
    }

    public static IReadOnlyList<string> All(VaultView view) => [.. view.Vault.DiscoveredServers.Order(StringComparer.Ordinal)];
}
