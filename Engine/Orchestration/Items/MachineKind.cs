namespace Failback.Engine.Orchestration.Items;

/// <summary>What was protected: a VMware VM or a physical server (which fails back as a VM, LOC-2).</summary>
public enum MachineKind
{
    VmwareVm,
    PhysicalServer,
}
