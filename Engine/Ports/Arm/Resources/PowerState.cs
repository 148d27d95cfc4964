namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>A VM's power state, as instanceView reports <c>PowerState/running</c>.</summary>
public enum PowerState { Starting, Running, Stopping, Stopped, Deallocating, Deallocated }
