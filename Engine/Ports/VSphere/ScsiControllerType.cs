namespace Failback.Engine.Ports.VSphere;

/// <summary>The SCSI controller a VM's disks hang off (a master target must use LSI Logic, not Paravirtual).</summary>
public enum ScsiControllerType { LsiLogic, LsiLogicSas, ParaVirtual, BusLogic }
