namespace Failback.Engine.Ports.VSphere;

/// <summary>vSphere's VirtualMachinePowerState.</summary>
public enum VirtualMachinePowerState { PoweredOff, PoweredOn, Suspended }
