namespace Failback.Engine.Ports.Guest;

/// <summary>One guest network interface as the guest OS configures it.</summary>
public sealed record GuestNic(string Name, AddressMode Mode, string? StaticAddress);
