using System.Text.Json.Nodes;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Lab.Arm.Resources;

namespace Failback.Lab.Arm.Azure;

/// <summary>A managed disk of the lab's Azure as Microsoft.Compute's Disk: how it was created, its size, state and VM.</summary>
internal static class DiskJson
{
    public const string Type = "Microsoft.Compute/disks";

    public static JsonObject Of(ManagedDisk disk)
    {
        var creation = new JsonObject { ["createOption"] = disk.CreateOption.ToString() };
        if (disk.SourceUri is { } uri) creation["sourceUri"] = uri;
        if (disk.SourceResourceId is { } source) creation["sourceResourceId"] = source.ToString();
        if (disk.UploadSizeBytes is { } upload) creation["uploadSizeBytes"] = upload;
        var properties = new JsonObject
        {
            ["creationData"] = creation,
            ["diskSizeGB"] = Gigabytes(disk.DiskSizeBytes),
            ["diskSizeBytes"] = disk.DiskSizeBytes,
            ["diskState"] = disk.DiskState.ToString(),
            ["provisioningState"] = disk.ProvisioningState.ToString(),
        };
        if (disk.Guest is { } guest) properties["osType"] = guest.IsLinux ? "Linux" : "Windows";
        var json = Json.Resource(disk.Id!.ToString(), disk.Name, Type, disk.Location, properties);
        if (disk.ManagedBy is { } vm) json["managedBy"] = vm.ToString();
        json["sku"] = new JsonObject { ["name"] = "Standard_LRS" };
        return json;
    }

    /// <summary>ARM's whole GiB, rounded up (a fixed VHD's footer is not counted: its size is whole MiB).</summary>
    public static int Gigabytes(long bytes) => (int)Math.Min(int.MaxValue, (bytes + (1L << 30) - 1) >> 30);
}
