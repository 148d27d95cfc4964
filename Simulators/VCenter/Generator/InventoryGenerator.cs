using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.VSphere;
using Failback.Simulators.Kernel;
using Failback.Simulators.VCenter.Inventory;

namespace Failback.Simulators.VCenter.Generator;

/// <summary>
/// Builds a site from counts. Every name, address, version and guest comes from the kernel's
/// <c>vcenter.generator</c> stream (Bogus seeded from it), and every reference and UUID from the
/// site's deterministic counters and stream: the same seed gives the same inventory, byte for byte.
/// </summary>
public static class InventoryGenerator
{
    private static readonly string[] Roles = ["web", "app", "db", "file", "mail", "dc", "sql", "cache", "api", "batch"];

    public static void Generate(VSphereSite site, InventorySpec spec)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var stream = site.Simulation.Choices.Stream("vcenter.generator");
        var faker = SeededFaker.Create(stream);
        var domain = $"{faker.Internet.DomainWord()}.local";
        var guests = spec.GuestOsMix.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        foreach (var (guestId, _) in guests) GuestOsCatalog.Find(guestId);

        var placements = new List<(HostSystem Host, Datastore[] Stores)>();
        var hostNumber = 0;
        for (var v = 0; v < spec.VCenters; v++)
        {
            var vc = site.AddVCenter($"vcsa-{v + 1:00}.{domain}", spec.Password);
            for (var d = 0; d < spec.DatacentersPerVCenter; d++)
            {
                // Datastore names are unique on the site, so several vCenters' datacenters get distinct names.
                var dc = vc.AddDatacenter(spec.VCenters > 1 ? $"VC{v}_DC{d}" : $"DC{d}");
                for (var c = 0; c < spec.ClustersPerDatacenter; c++)
                {
                    var cluster = vc.AddCluster(dc, $"{dc.Name}_C{c}");
                    var hosts = new List<HostSystem>();
                    for (var h = 0; h < spec.HostsPerCluster; h++)
                    {
                        var edition = faker.PickRandom(LicenseEdition.Evaluation, LicenseEdition.Standard, LicenseEdition.Enterprise, LicenseEdition.EnterprisePlus);
                        hosts.Add(AddHost(site, spec, faker, ++hostNumber, domain, edition, dc, cluster));
                    }
                    var stores = Enumerable.Range(0, spec.DatastoresPerCluster)
                        .Select(s => site.AddDatastore($"{cluster.Name}_DS{s}", spec.DatastoreTypes[s % spec.DatastoreTypes.Count], spec.DatastoreCapacity, [.. hosts]))
                        .ToArray();
                    site.AddNetwork("VM Network", [.. hosts]);
                    placements.AddRange(hosts.Select(h => (h, stores)));
                }
            }
        }
        for (var s = 0; s < spec.StandaloneHosts; s++)
        {
            // Free edition on some standalone hosts: what TS-4 is about.
            var edition = faker.PickRandom(LicenseEdition.Free, LicenseEdition.Evaluation, LicenseEdition.Standard);
            var host = AddHost(site, spec, faker, ++hostNumber, domain, edition, null, null);
            var local = site.AddDatastore($"{host.Name.Split('.')[0]}-local", DatastoreType.Vmfs, spec.DatastoreCapacity, host);
            site.AddNetwork("VM Network", host);
            placements.Add((host, [local]));
        }

        for (var i = 0; i < spec.Vms; i++)
        {
            // Round-robin over hosts, then over each host's datastores.
            var (host, stores) = placements[i % placements.Count];
            var ds = stores[i / placements.Count % stores.Length];
            var guestId = PickWeighted(stream, guests);
            var os = GuestOsCatalog.Find(guestId);
            var name = $"{faker.PickRandom(Roles)}-{faker.Hacker.Noun().Replace(' ', '-').ToLowerInvariant()}-{i + 1:0000}";
            var spec1 = new VirtualMachineConfigSpec
            {
                Name = name,
                GuestId = guestId,
                NumCpu = faker.PickRandom(1, 2, 4, 8),
                MemoryMB = faker.PickRandom(1024, 2048, 4096, 8192),
                ScsiController = os.IsLinux && faker.Random.Bool(0.3f) ? ScsiControllerType.ParaVirtual : ScsiControllerType.LsiLogic,
                AddDisks = Enumerable.Range(0, spec.DisksPerVm).Select(_ => new VirtualDiskSpec(spec.DiskCapacity, spec.ThinDisks)).ToList(),
                AddNics = [new VirtualNicSpec("VM Network")],
            };
            var vm = site.CreateVm(host, ds, spec1);
            var isStatic = faker.Random.Bool(0.6f);
            var address = $"10.{faker.Random.Int(0, 31)}.{faker.Random.Int(0, 255)}.{faker.Random.Int(2, 254)}";
            site.SetGuestState(vm, vm.Guest with
            {
                HostName = name,
                Nics = [new GuestNic(os.IsLinux ? "eth0" : "Ethernet0", isStatic ? AddressMode.Static : AddressMode.Dhcp, isStatic ? address : null)],
            });
            if (faker.Random.Bool(0.7f)) site.SetPowerState(vm, VirtualMachinePowerState.PoweredOn);
        }

        for (var p = 0; p < spec.PhysicalServers; p++)
        {
            var os = GuestOsCatalog.Find(PickWeighted(stream, guests));
            var name = $"phys-{faker.Hacker.Noun().Replace(' ', '-').ToLowerInvariant()}-{p + 1:00}";
            var address = $"10.200.{p / 250}.{p % 250 + 2}";
            site.AddPhysicalServer(name, address, os.IsLinux ? "root" : "Administrator", spec.Password, new GuestState
            {
                OsName = os.FullName,
                IsLinux = os.IsLinux,
                HostName = name,
                Nics = [new GuestNic(os.IsLinux ? "eth0" : "Ethernet0", AddressMode.Static, address)],
                Packages = new HashSet<string>(os.Packages, StringComparer.Ordinal),
                VmwareToolsEnabled = false,
            }, spec.PhysicalDiskCapacity);
        }
        site.Trace.Emit("vcenter", "inventory.generated", ("vcenters", spec.VCenters), ("hosts", hostNumber), ("vms", spec.Vms), ("physical", spec.PhysicalServers));
    }

    private static HostSystem AddHost(VSphereSite site, InventorySpec spec, Bogus.Faker faker, int number, string domain, LicenseEdition edition,
        Datacenter? dc, ClusterComputeResource? cluster)
    {
        var version = faker.PickRandom(EsxiBuilds.Versions.ToArray());
        return site.AddHost($"esxi-{number:00}.{domain}", $"10.100.{number / 250}.{number % 250 + 2}", version, edition, spec.Password, dc, cluster,
            cpuCores: faker.PickRandom(16, 24, 32, 48), memoryBytes: faker.PickRandom(256L, 512L, 768L, 1024L) << 30);
    }

    private static string PickWeighted(ChoiceStream stream, List<KeyValuePair<string, int>> weights)
    {
        var roll = stream.Next(weights.Sum(w => w.Value));
        foreach (var (key, weight) in weights)
        {
            if (roll < weight) return key;
            roll -= weight;
        }
        return weights[^1].Key;
    }
}
