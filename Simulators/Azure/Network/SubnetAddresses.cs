using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure.Core;

namespace Failback.Simulators.Azure.Network;

/// <summary>
/// Private addresses of a subnet. Azure reserves the network address, the next three (gateway and
/// DNS) and the broadcast address; a dynamic address is the lowest free one above them, so the
/// order of allocation alone decides it.
/// </summary>
internal static class SubnetAddresses
{
    public const int ReservedAtStart = 4;

    public static (VirtualNetwork Network, Subnet Subnet)? Find(ResourceStore store, ResourceId? subnetId)
    {
        if (subnetId?.Parent is not { } vnetId || store.Find<VirtualNetwork>(vnetId) is not { } vnet) return null;
        return vnet.FindSubnet(subnetId.Name) is { } subnet ? (vnet, subnet) : null;
    }

    /// <summary>Addresses held in the subnet by NICs and classic VMs, except by <paramref name="except"/>.</summary>
    public static HashSet<uint> InUse(ResourceStore store, ResourceId subnetId, ResourceId? except)
    {
        var used = new HashSet<uint>();
        foreach (var nic in store.All<NetworkInterface>())
            if (nic.Id != except && nic.SubnetId == subnetId && Ipv4Prefix.TryParseAddress(nic.PrivateIpAddress, out var a)) used.Add(a);
        foreach (var vm in store.All<VirtualMachine>())
            if (vm.Id != except && vm.DeploymentModel == DeploymentModel.Classic && vm.SubnetId == subnetId
                && vm.PrivateIpAddresses.Count > 0 && Ipv4Prefix.TryParseAddress(vm.PrivateIpAddresses[0], out var b)) used.Add(b);
        return used;
    }

    public static bool HasHolders(ResourceStore store, ResourceId subnetId) => InUse(store, subnetId, null).Count > 0;

    /// <summary>
    /// The address <paramref name="holder"/> gets: <paramref name="requested"/> if static (checked), else
    /// its current one if still in the subnet, else the lowest free one.
    /// </summary>
    public static string Allocate(ResourceStore store, ResourceId subnetId, string? requested, string? current, ResourceId holder, string target)
    {
        var (_, subnet) = Find(store, subnetId) ?? throw ArmErrors.Invalid(target, $"The subnet '{subnetId}' does not exist.", "InvalidResourceReference");
        Ipv4Prefix.TryParse(subnet.AddressPrefix, out var prefix);
        var used = InUse(store, subnetId, holder);
        if (requested is not null)
        {
            if (!Ipv4Prefix.TryParseAddress(requested, out var address))
                throw ArmErrors.Invalid(target, $"'{requested}' is not an IPv4 address.", "InvalidPrivateIPAddressFormat");
            if (!prefix.Contains(address))
                throw ArmErrors.Invalid(target, $"The address {requested} is not in subnet '{subnet.Name}' ({subnet.AddressPrefix}).", "PrivateIPAddressNotInSubnet");
            if (address < prefix.First + ReservedAtStart || address == prefix.Last)
                throw ArmErrors.Invalid(target, $"The address {requested} is reserved by Azure in {subnet.AddressPrefix} (the first four and the last); use another.", "PrivateIPAddressInReservedRange");
            if (used.Contains(address))
                throw ArmErrors.Invalid(target, $"The address {requested} is already in use in subnet '{subnet.Name}'.", "PrivateIPAddressInUse");
            return requested;
        }
        if (Ipv4Prefix.TryParseAddress(current, out var kept) && prefix.Contains(kept) && !used.Contains(kept)) return current!;
        for (var a = prefix.First + ReservedAtStart; a < prefix.Last; a++)
            if (!used.Contains(a)) return Ipv4Prefix.Format(a);
        throw ArmErrors.Invalid(target, $"Subnet '{subnet.Name}' ({subnet.AddressPrefix}) has no free address left.", "SubnetIsFull");
    }
}
