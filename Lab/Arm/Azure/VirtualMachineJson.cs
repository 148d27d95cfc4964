using System.Text.Json.Nodes;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Lab.Arm.Resources;

namespace Failback.Lab.Arm.Azure;

/// <summary>
/// A VM of the lab's Azure as Microsoft.Compute's VirtualMachine (hardware, storage and network profiles; the
/// instance view's provisioning and power states with <c>$expand=instanceView</c>). The admin password is write-only.
/// </summary>
internal static class VirtualMachineJson
{
    public const string Type = "Microsoft.Compute/virtualMachines";

    public static JsonObject Of(AzureResources azure, VirtualMachine vm, bool instanceView)
    {
        var storage = new JsonObject();
        if (vm.Image is { } image)
            storage["imageReference"] = new JsonObject { ["publisher"] = image.Publisher, ["offer"] = image.Offer, ["sku"] = image.Sku, ["version"] = image.Version };
        if (vm.OsDisk is { } os)
        {
            var disk = Disk(azure, os, vm.Image is null ? "Attach" : "FromImage");
            if (vm.Guest is { } guest) disk["osType"] = guest.IsLinux ? "Linux" : "Windows";
            storage["osDisk"] = disk;
        }
        storage["dataDisks"] = new JsonArray([.. vm.DataDisks.Select(d => (JsonNode)Disk(azure, d, "Attach"))]);
        var properties = new JsonObject
        {
            ["vmId"] = vm.VmId.ToString(),
            ["hardwareProfile"] = new JsonObject { ["vmSize"] = vm.Size },
            ["storageProfile"] = storage,
            ["networkProfile"] = new JsonObject
            {
                ["networkInterfaces"] = new JsonArray([.. vm.NetworkInterfaceIds.Select((nic, i) => (JsonNode)new JsonObject
                {
                    ["id"] = nic.ToString(),
                    ["properties"] = new JsonObject { ["primary"] = i == 0 },
                })]),
            },
            ["provisioningState"] = vm.ProvisioningState.ToString(),
        };
        if (vm.AdminUsername is { } admin)
            properties["osProfile"] = new JsonObject { ["computerName"] = vm.Guest is { HostName.Length: > 0 } g ? g.HostName : vm.Name, ["adminUsername"] = admin };
        if (instanceView) properties["instanceView"] = InstanceView(vm);
        return Json.Resource(vm.Id!.ToString(), vm.Name, Type, vm.Location, properties);
    }

    /// <summary>VirtualMachineInstanceView: the guest's name and OS, and the statuses ARM reports (ProvisioningState/..., PowerState/...).</summary>
    public static JsonObject InstanceView(VirtualMachine vm)
    {
        var view = new JsonObject();
        if (vm.Guest is { } guest)
        {
            if (guest.HostName.Length > 0) view["computerName"] = guest.HostName;
            view["osName"] = guest.OsName;
        }
        var provisioning = vm.ProvisioningState.ToString();
        var power = vm.PowerState.ToString();
        view["statuses"] = new JsonArray(
            new JsonObject { ["code"] = "ProvisioningState/" + provisioning.ToLowerInvariant(), ["level"] = "Info", ["displayStatus"] = "Provisioning " + provisioning.ToLowerInvariant() },
            new JsonObject { ["code"] = "PowerState/" + power.ToLowerInvariant(), ["level"] = "Info", ["displayStatus"] = "VM " + power.ToLowerInvariant() });
        return view;
    }

    private static JsonObject Disk(AzureResources azure, VmDisk disk, string createOption)
    {
        var json = new JsonObject();
        if (disk.Lun is { } lun) json["lun"] = lun;
        if (azure.Disk(disk.ManagedDiskId) is { } managed) json["name"] = managed.Name;
        else if (disk.VhdUri is { } uri) json["name"] = uri[(uri.LastIndexOf('/') + 1)..];
        json["createOption"] = createOption;
        if (disk.VhdUri is { } vhd) json["vhd"] = new JsonObject { ["uri"] = vhd };
        if (disk.ManagedDiskId is { } id) json["managedDisk"] = new JsonObject { ["id"] = id.ToString() };
        if (disk.SizeBytes > 0) json["diskSizeGB"] = DiskJson.Gigabytes(disk.SizeBytes);
        return json;
    }
}
