using System.Globalization;
using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;
using Failback.Simulators.VCenter.Storage;

namespace Failback.Simulators.VCenter.Operations;

/// <summary>RegisterVM_Task: brings a VM back into the inventory from the .vmx file on a datastore.</summary>
internal static class VmRegistration
{
    public static (Datastore Datastore, DatastorePath Path) Check(VSphereSite site, ServiceInstance server, HostSystem host, string vmxPath, string? name)
    {
        var path = DatastorePath.Parse(vmxPath);
        if (!path.Path.EndsWith(".vmx", StringComparison.Ordinal) || !path.Path.Contains('/', StringComparison.Ordinal))
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"'{vmxPath}' does not name a .vmx file in a VM folder.");
        var ds = site.Datastores.FirstOrDefault(d => d.Name == path.Datastore && server.Sees(d))
            ?? throw new VSphereFault(VSphereFaultType.FileNotFound, $"No datastore '{path.Datastore}' on {server.Name}: file {vmxPath} was not found.");
        Checks.HostWritable(server, host);
        Checks.DatastoreUsable(server, ds, host);
        if (!File.Exists(ds.LocalPath(path.Path)))
            throw new VSphereFault(VSphereFaultType.FileNotFound, $"File {vmxPath} was not found.");
        if (site.Vms.Any(v => v.Datastore == ds && v.VmxFile == path.Path))
            throw new VSphereFault(VSphereFaultType.DuplicateName, $"The virtual machine in {vmxPath} is already registered.");
        var vmx = VmxFile.Read(ds.LocalPath(path.Path));
        var display = name ?? vmx.FirstOrDefault(kv => kv.Key == "displayName").Value ?? Path.GetFileNameWithoutExtension(path.Path);
        Checks.VmName(display);
        Checks.UniqueVmName(server, host, display);
        return (ds, path);
    }

    public static VirtualMachine Commit(VSphereSite site, HostSystem host, Datastore ds, DatastorePath path, string? name)
    {
        var vmx = VmxFile.Read(ds.LocalPath(path.Path)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        string Get(string key, string fallback) => vmx.TryGetValue(key, out var v) ? v : fallback;
        var folder = path.Path[..path.Path.LastIndexOf('/')];
        var guestId = VmxFile.GuestId(Get("guestOS", "otherGuest64"));
        var os = GuestOsCatalog.All.FirstOrDefault(g => g.GuestId == guestId) ?? GuestOsCatalog.All[0];
        var vmName = name ?? Get("displayName", Path.GetFileNameWithoutExtension(path.Path));
        var vm = new VirtualMachine(vmName)
        {
            Uuid = vmx.TryGetValue("uuid.bios", out var bios) ? VmxFile.ParseUuid(bios) : site.Identities.NextGuid(),
            InstanceUuid = vmx.TryGetValue("vc.uuid", out var vc) ? VmxFile.ParseUuid(vc) : site.Identities.NextGuid(),
            GuestId = os.GuestId,
            HardwareVersion = $"vmx-{Get("virtualHW.version", "13")}",
            NumCpu = int.Parse(Get("numvcpus", "1"), CultureInfo.InvariantCulture),
            MemoryMB = int.Parse(Get("memSize", "1024"), CultureInfo.InvariantCulture),
            MemoryReservationMB = int.Parse(Get("sched.mem.min", "0"), CultureInfo.InvariantCulture),
            ScsiController = VmxFile.Controller(Get("scsi0.virtualDev", "lsilogic")),
            Host = host,
            Datastore = ds,
            Folder = folder,
            VmxName = path.Path[(folder.Length + 1)..],
            Guest = new GuestState { OsName = os.FullName, IsLinux = os.IsLinux, HostName = vmName, Packages = new HashSet<string>(os.Packages, StringComparer.Ordinal) },
        };
        foreach (var (key, value) in vmx)
            if (!VmxFile.IsOwnKey(key)) vm.ExtraConfig[key] = value;
        for (var unit = 0; unit < 16; unit++)
        {
            if (!vmx.TryGetValue($"scsi0:{unit}.fileName", out var fileName)) continue;
            var (diskStore, relative) = Locate(site, ds, folder, fileName);
            var (capacity, thin, uuid, chain) = DiskFiles.Describe(diskStore.LocalPath(relative), diskStore.Directory);
            var disk = new VirtualDisk { Key = 2000 + unit, UnitNumber = unit, CapacityBytes = capacity, Thin = thin, Uuid = uuid, Datastore = diskStore };
            disk.Chain.AddRange(chain.Select(p => Path.GetRelativePath(diskStore.Directory, p).Replace('\\', '/')));
            vm.Disks.Add(disk);
            diskStore.Disks.Add(disk);
        }
        for (var i = 0; vmx.ContainsKey($"ethernet{i}.present"); i++)
            vm.Nics.Add(new VirtualEthernetCard(4000 + i, Get($"ethernet{i}.networkName", "VM Network"), Get($"ethernet{i}.generatedAddress", "00:50:56:00:00:00")));
        vm.Guest = vm.Guest with { Nics = vm.Nics.Select((n, i) => new GuestNic(os.IsLinux ? $"eth{i}" : $"Ethernet{i}", AddressMode.Dhcp, null)).ToList() };
        host.Vms.Add(vm);
        Storage.Space.Refresh(vm);
        site.Changes.Record(vm, ObjectUpdateKind.Enter, "name", "config", "runtime.host", "layoutEx.file");
        site.Trace.Emit("vcenter", "vm.registered", ("vm", vm.Name), ("host", host.Name), ("vmx", path.ToString()));
        return vm;
    }

    /// <summary>A .vmx disk path is relative to the VM folder or <c>/vmfs/volumes/&lt;datastore&gt;/...</c>.</summary>
    private static (Datastore, string) Locate(VSphereSite site, Datastore home, string folder, string fileName)
    {
        const string volumes = "/vmfs/volumes/";
        if (!fileName.StartsWith(volumes, StringComparison.Ordinal)) return (home, $"{folder}/{fileName}");
        var rest = fileName[volumes.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var ds = slash > 0 ? site.Datastores.FirstOrDefault(d => d.Name == rest[..slash]) : null;
        return ds is null
            ? throw new VSphereFault(VSphereFaultType.FileNotFound, $"Disk {fileName} named in the .vmx is on no datastore of the site.")
            : (ds, rest[(slash + 1)..]);
    }
}
