namespace Failback.Engine.Ports.VSphere;

/// <summary>
/// vSphere's handle on a server-side object: its type (VirtualMachine, HostSystem, Datastore, Task, ...)
/// and an id that is unique on one server (<c>vm-12</c>, <c>host-3</c>). Ids of two servers may collide.
/// </summary>
public readonly record struct ManagedObjectReference(string Type, string Value)
{
    public override string ToString() => $"{Type}:{Value}";
}

/// <summary>The managed object types the port speaks of, spelled as vSphere spells them.</summary>
public static class ManagedObjectTypes
{
    public const string Folder = "Folder";
    public const string Datacenter = "Datacenter";
    public const string ClusterComputeResource = "ClusterComputeResource";
    public const string HostSystem = "HostSystem";
    public const string Datastore = "Datastore";
    public const string Network = "Network";
    public const string VirtualMachine = "VirtualMachine";
    public const string VirtualMachineSnapshot = "VirtualMachineSnapshot";
    public const string Task = "Task";
}
