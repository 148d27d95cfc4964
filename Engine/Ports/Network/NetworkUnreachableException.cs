namespace Failback.Engine.Ports.Network;

/// <summary>Raised when a transfer finds no path (link down, partition, firewall).</summary>
public sealed class NetworkUnreachableException(string message) : Exception(message);
