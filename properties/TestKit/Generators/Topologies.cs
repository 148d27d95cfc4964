using Failback.Engine.Ports.VSphere;
using Failback.Scenarios.World;
using FsCheck;
using FsCheck.Fluent;

namespace Failback.TestKit.Generators;

/// <summary>
/// FsCheck generators of whole worlds for the one world builder (<see cref="DrillWorld"/>): a property over them builds
/// each with <c>DrillWorld.BuildAsync(sim, folder, topology)</c>. Shrinking goes towards fewer hosts, VMs and disks.
/// </summary>
public static class Topologies
{
    public const string VCenter = "vcsa-01.lab.local", Datastore = "DS1", MasterTarget = "mt-01", App = "app-01";

    private static readonly string[] GuestIds = ["windows9Server64Guest", "centos7_64Guest"];

    /// <summary>
    /// Worlds a whole failback cycle works in: one vCenter with one to three hosts sharing datastore DS1, the Windows
    /// master target mt-01 on the first host, app-01 and up to two more VMs (Windows or Linux, one or two disks of 1 to
    /// 8 MiB) spread over the hosts, and the Azure side's defaults, joined by a site-to-site VPN or by ExpressRoute
    /// with Microsoft peering (ER-3).
    /// </summary>
    public static Gen<Topology> FailbackReady { get; } =
        from hosts in Gen.Choose(1, 3)
        from vms in Gen.Choose(1, 3)
        from guests in Gen.ArrayOf(Gen.Elements(GuestIds), vms)
        from diskCounts in Gen.ArrayOf(Gen.Choose(1, 2), vms)
        from diskMib in Gen.ArrayOf(Gen.Choose(1, 8), 2 * vms)
        from placement in Gen.ArrayOf(Gen.Choose(0, hosts - 1), vms)
        from expressRoute in Gen.Elements(false, true)
        select Build(hosts, guests, diskCounts, diskMib, placement, expressRoute);

    public static Arbitrary<Topology> Arbitrary => FailbackReady.ToArbitrary();

    private static Topology Build(int hosts, string[] guests, int[] diskCounts, int[] diskMib, int[] placement, bool expressRoute)
    {
        var t = new Topology();
        t.VCenters.Add(new(VCenter, Topology.Password));
        var hostNames = Enumerable.Range(1, hosts).Select(i => $"esxi-{i:00}.lab.local").ToList();
        foreach (var (name, i) in hostNames.Select((n, i) => (n, i)))
            t.Hosts.Add(new(name, $"10.0.0.{11 + i}", "6.7.0", LicenseEdition.Evaluation, VCenter, "DC0"));
        t.Datastores.Add(new(Datastore, DatastoreType.Vmfs, 1L << 40, hostNames));
        for (var v = 0; v < guests.Length; v++)
        {
            var disks = Enumerable.Range(0, diskCounts[v]).Select(d => (long)diskMib[2 * v + d] << 20).ToList();
            t.Vms.Add(new(v == 0 ? App : $"app-{v + 1:00}", hostNames[placement[v]], Datastore, guests[v], disks, true, $"10.0.5.{10 + v}", null, 4096));
        }
        t.Vms.Add(new(MasterTarget, hostNames[0], Datastore, "windows9Server64Guest", [1L << 20], true, "10.0.5.99", null, 8192));
        var d = VaultTopology.Default();
        var vault = new VaultTopology
        {
            Azure = d.Azure, ConfigurationServer = d.ConfigurationServer,
            Connectivity = d.Connectivity with { Link = expressRoute ? SiteLinkKind.ExpressRoute : SiteLinkKind.Vpn, MicrosoftPeering = true },
        };
        vault.ProcessServers.AddRange(d.ProcessServers);
        vault.MasterTargets.Add(new(MasterTarget, VaultTopology.WindowsVolumes, "R:", true));
        t.Vault = vault;
        return t;
    }
}
