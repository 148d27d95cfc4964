using System.Text.Json.Nodes;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Scenarios.World;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Failback.Lab.Arm.Azure;

/// <summary>
/// The Azure resources a trainee looks at beside the vault, read-only: Microsoft.Compute's virtualMachines (with the
/// instance view), disks and Microsoft.Network's virtualNetworks of a resource group of the lab's Azure. These paths
/// name no vault: the bearer token says which lab's Azure is read.
/// </summary>
internal static class AzureEndpoints
{
    private const string Group = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers";

    public static void Map(IEndpointRouteBuilder app, Func<Func<DrillWorld, ArmContext, JsonNode>, RequestDelegate> read)
    {
        RequestDelegate Read(Func<AzureResources, ArmContext, JsonNode> answer) =>
            read((world, c) => answer(AzureResources.Of(world, c.Subscription, c.ResourceGroup), c));

        app.MapGet(Group + "/" + VirtualMachineJson.Type, Read((a, c) =>
            c.Page(a.All<VirtualMachine>(VirtualMachineJson.Type), vm => VirtualMachineJson.Of(a, vm, InstanceView(c)))));
        app.MapGet(Group + "/" + VirtualMachineJson.Type + "/{name}", Read((a, c) =>
            VirtualMachineJson.Of(a, a.One<VirtualMachine>(VirtualMachineJson.Type, c.Route("name")), InstanceView(c))));
        app.MapGet(Group + "/" + VirtualMachineJson.Type + "/{name}/instanceView", Read((a, c) =>
            VirtualMachineJson.InstanceView(a.One<VirtualMachine>(VirtualMachineJson.Type, c.Route("name")))));
        app.MapGet(Group + "/" + DiskJson.Type, Read((a, c) => c.Page(a.All<ManagedDisk>(DiskJson.Type), DiskJson.Of)));
        app.MapGet(Group + "/" + DiskJson.Type + "/{name}", Read((a, c) => DiskJson.Of(a.One<ManagedDisk>(DiskJson.Type, c.Route("name")))));
        app.MapGet(Group + "/" + VirtualNetworkJson.Type, Read((a, c) => c.Page(a.All<VirtualNetwork>(VirtualNetworkJson.Type), VirtualNetworkJson.Of)));
        app.MapGet(Group + "/" + VirtualNetworkJson.Type + "/{name}", Read((a, c) => VirtualNetworkJson.Of(a.One<VirtualNetwork>(VirtualNetworkJson.Type, c.Route("name")))));
    }

    /// <summary><c>$expand=instanceView</c>, which the SDK sends for <c>get(..., {expand: "instanceView"})</c>.</summary>
    private static bool InstanceView(ArmContext c) =>
        string.Equals(c.Http.Request.Query["$expand"].ToString(), "instanceView", StringComparison.OrdinalIgnoreCase);
}
