namespace Failback.Engine.Ports.VSphere;

/// <summary>vSphere's VirtualMachineToolsRunningStatus.</summary>
public enum ToolsRunningStatus { GuestToolsNotRunning, GuestToolsRunning }
