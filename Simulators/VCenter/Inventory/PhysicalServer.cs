using Failback.Engine.Ports.Guest;

namespace Failback.Simulators.VCenter.Inventory;

/// <summary>
/// A physical machine of the site: no vCenter object, but discoverable with its credentials; its disks
/// are image files in the site's <c>physical</c> folder.
/// </summary>
public sealed class PhysicalServer(string name, string ipAddress)
{
    public string Name { get; } = name;
    public string IpAddress { get; } = ipAddress;
    public required string UserName { get; init; }
    public required string Password { get; init; }
    public GuestState Guest { get; set; } = new() { OsName = "Windows Server 2012 R2" };
    /// <summary>Local paths of the disk images, in disk order, with their capacities.</summary>
    public List<(string Path, long Capacity)> Disks { get; } = [];
}
