namespace Failback.Engine.Ports.Arm;

/// <summary>Resource providers and types the port knows, for building resource IDs.</summary>
public static class ArmTypes
{
    public const string Network = "Microsoft.Network";
    public const string ClassicNetwork = "Microsoft.ClassicNetwork";
    public const string Compute = "Microsoft.Compute";
    public const string ClassicCompute = "Microsoft.ClassicCompute";
    public const string Storage = "Microsoft.Storage";
    public const string ClassicStorage = "Microsoft.ClassicStorage";

    public const string VirtualNetworks = "virtualNetworks";
    public const string Subnets = "subnets";
    public const string NetworkInterfaces = "networkInterfaces";
    public const string VirtualNetworkGateways = "virtualNetworkGateways";
    public const string LocalNetworkGateways = "localNetworkGateways";
    public const string ExpressRouteCircuits = "expressRouteCircuits";
    public const string Connections = "connections";
    public const string VirtualMachines = "virtualMachines";
    public const string Disks = "disks";
    public const string StorageAccounts = "storageAccounts";

    public static string NetworkProvider(DeploymentModel model) => model == DeploymentModel.Classic ? ClassicNetwork : Network;
    public static string ComputeProvider(DeploymentModel model) => model == DeploymentModel.Classic ? ClassicCompute : Compute;
    public static string StorageProvider(DeploymentModel model) => model == DeploymentModel.Classic ? ClassicStorage : Storage;

    public static ResourceId VirtualNetwork(string sub, string rg, string name, DeploymentModel model = DeploymentModel.ResourceManager) =>
        ResourceId.Resource(sub, rg, NetworkProvider(model), VirtualNetworks, name);

    public static ResourceId VirtualMachine(string sub, string rg, string name, DeploymentModel model = DeploymentModel.ResourceManager) =>
        ResourceId.Resource(sub, rg, ComputeProvider(model), VirtualMachines, name);

    public static ResourceId StorageAccount(string sub, string rg, string name, DeploymentModel model = DeploymentModel.ResourceManager) =>
        ResourceId.Resource(sub, rg, StorageProvider(model), StorageAccounts, name);

    public static ResourceId NetworkInterface(string sub, string rg, string name) => ResourceId.Resource(sub, rg, Network, NetworkInterfaces, name);
    public static ResourceId Disk(string sub, string rg, string name) => ResourceId.Resource(sub, rg, Compute, Disks, name);
    public static ResourceId VirtualNetworkGateway(string sub, string rg, string name) => ResourceId.Resource(sub, rg, Network, VirtualNetworkGateways, name);
    public static ResourceId LocalNetworkGateway(string sub, string rg, string name) => ResourceId.Resource(sub, rg, Network, LocalNetworkGateways, name);
    public static ResourceId ExpressRouteCircuit(string sub, string rg, string name) => ResourceId.Resource(sub, rg, Network, ExpressRouteCircuits, name);
    public static ResourceId Connection(string sub, string rg, string name) => ResourceId.Resource(sub, rg, Network, Connections, name);
}
