using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.Simulators.VCenter.Operations;

/// <summary>AddHost_Task / AddStandaloneHost_Task and the assignment of a licence to a host.</summary>
internal static class HostManagement
{
    public static HostSystem CheckAdd(VSphereSite site, ServiceInstance vCenter, HostConnectSpec spec, string? licenseKey)
    {
        if (!vCenter.IsVCenter)
            throw new VSphereFault(VSphereFaultType.NotSupported, $"{vCenter.Name} is an ESXi host; only a vCenter Server adds hosts.");
        var host = site.Hosts.FirstOrDefault(h => h.Name.Equals(spec.HostName, StringComparison.OrdinalIgnoreCase) || h.IpAddress == spec.HostName)
            ?? throw new VSphereFault(VSphereFaultType.HostConnectFault, $"Cannot contact the specified host ({spec.HostName}): no ESXi host answers at that address.");
        if (!host.IsConnected)
            throw new VSphereFault(VSphereFaultType.HostConnectFault, $"Cannot contact the specified host ({spec.HostName}): it is not responding.");
        if (!spec.UserName.Equals("root", StringComparison.Ordinal) || spec.Password != host.RootPassword)
            throw new VSphereFault(VSphereFaultType.InvalidLogin, $"Cannot complete login on host {spec.HostName} due to an incorrect user name or password.");
        if (host.Datacenter is { } dc)
            throw new VSphereFault(VSphereFaultType.InvalidState,
                $"Host {host.Name} is already managed by vCenter Server {dc.Server.Name} (datacenter '{dc.Name}'); remove it there first.");
        var license = licenseKey is null ? null : FindLicense(site, licenseKey);
        if ((license?.Edition ?? host.Edition) == LicenseEdition.Free)
            throw new VSphereFault(VSphereFaultType.RestrictedVersion,
                $"Host {host.Name} runs the free edition of ESXi, which vCenter Server cannot manage; give a licence key of an evaluation or paid edition.");
        return host;
    }

    public static void Add(VSphereSite site, HostSystem host, Datacenter datacenter, ClusterComputeResource? cluster, string? licenseKey)
    {
        if (licenseKey is not null) host.Edition = FindLicense(site, licenseKey).Edition;
        site.Attach(host, datacenter, cluster);
        site.Trace.Emit("vcenter", "host.attached", ("host", host.Name), ("vcenter", datacenter.Server.Name), ("datacenter", datacenter.Name), ("cluster", cluster?.Name));
    }

    public static License FindLicense(VSphereSite site, string key) =>
        site.Licenses.TryGetValue(key, out var license) ? license
            : throw new VSphereFault(VSphereFaultType.InvalidLicense, $"The licence key '{key}' is not valid.");

    public static void AssignLicense(VSphereSite site, HostSystem host, License license)
    {
        host.Edition = license.Edition;
        site.Changes.Record(host, ObjectUpdateKind.Modify, "config.product", "summary.config.product");
        site.Trace.Emit("vcenter", "license.assigned", ("host", host.Name), ("edition", license.Edition));
    }
}
