namespace Failback.Engine.Ports.VSphere;

/// <summary>A virtual NIC: its device key, port group and MAC address.</summary>
public sealed record VirtualNicInfo(int Key, string Label, string NetworkName, string MacAddress);
