namespace Failback.Engine.Ports.Physical;

/// <summary>Raised when a physical server refuses the credentials given to discover it.</summary>
public sealed class PhysicalServerLoginException(string message) : Exception(message);
