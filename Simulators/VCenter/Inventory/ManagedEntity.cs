namespace Failback.Simulators.VCenter.Inventory;

/// <summary>
/// An object of the site that vSphere servers show as a managed object. The object lives once on the
/// site; every server that sees it (its vCenter, the ESXi host's own agent) gives it a reference of
/// its own, so <c>vm-12</c> on one vCenter and <c>7</c> on the host agent name the same VM.
/// </summary>
public abstract class ManagedEntity(string type, string name)
{
    /// <summary>The vSphere type name, e.g. VirtualMachine.</summary>
    public string Type { get; } = type;
    public string Name { get; internal set; } = name;

    /// <summary>Set when the object left the inventory (a destroyed VM, a removed snapshot); no server shows it again.</summary>
    public bool Removed { get; internal set; }

    /// <summary>The tail of the queue of tasks working on this object: tasks on one object run one at a time.</summary>
    internal Task TaskTail { get; set; } = Task.CompletedTask;

    public override string ToString() => $"{Type} '{Name}'";
}
