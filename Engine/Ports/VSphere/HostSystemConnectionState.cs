namespace Failback.Engine.Ports.VSphere;

/// <summary>vSphere's HostSystemConnectionState.</summary>
public enum HostSystemConnectionState { Connected, Disconnected, NotResponding }
