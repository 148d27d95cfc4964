namespace Failback.Simulators.VCenter.Inventory;

/// <summary>A vmxnet3 NIC on a port group, with a MAC from VMware's generated range (00:50:56).</summary>
public sealed record VirtualEthernetCard(int Key, string NetworkName, string MacAddress)
{
    public string Label => $"Network adapter {Key - 4000 + 1}";
}
