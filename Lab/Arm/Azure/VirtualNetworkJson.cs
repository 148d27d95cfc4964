using System.Text.Json.Nodes;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Lab.Arm.Resources;

namespace Failback.Lab.Arm.Azure;

/// <summary>A virtual network of the lab's Azure as Microsoft.Network's VirtualNetwork: its address space and subnets.</summary>
internal static class VirtualNetworkJson
{
    public const string Type = "Microsoft.Network/virtualNetworks";

    public static JsonObject Of(VirtualNetwork network)
    {
        var id = network.Id!.ToString();
        return Json.Resource(id, network.Name, Type, network.Location, new JsonObject
        {
            ["addressSpace"] = new JsonObject { ["addressPrefixes"] = Json.Strings(network.AddressPrefixes) },
            ["subnets"] = new JsonArray([.. network.Subnets.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Id?.ToString() ?? $"{id}/subnets/{s.Name}",
                ["name"] = s.Name,
                ["properties"] = new JsonObject { ["addressPrefix"] = s.AddressPrefix, ["provisioningState"] = "Succeeded" },
            })]),
            ["resourceGuid"] = network.ResourceGuid.ToString(),
            ["provisioningState"] = network.ProvisioningState.ToString(),
        });
    }
}
