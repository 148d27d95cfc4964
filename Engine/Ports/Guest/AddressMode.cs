namespace Failback.Engine.Ports.Guest;

/// <summary>How a guest NIC gets its address.</summary>
public enum AddressMode { Static, Dhcp }
