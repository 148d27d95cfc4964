using System.Globalization;
using System.Text;
using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;

namespace Failback.Simulators.VCenter.Storage;

/// <summary>
/// The VM's configuration file (<c>name.vmx</c>, key = "value" lines) as ESXi writes it: enough for
/// RegisterVM to bring the VM back (identity, guest, hardware, controller, disks, NICs, extraConfig).
/// </summary>
public static class VmxFile
{
    private static readonly string[] OwnPrefixes = [".encoding", "config.version", "virtualHW.version", "displayName", "guestOS", "memSize", "sched.mem.min", "numvcpus",
        "uuid.bios", "vc.uuid", "scsi0", "ethernet"];

    public static void Write(VirtualMachine vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var lines = new List<(string Key, string Value)>
        {
            (".encoding", "UTF-8"),
            ("config.version", "8"),
            ("virtualHW.version", vm.HardwareVersion["vmx-".Length..]),
            ("displayName", vm.Name),
            ("guestOS", GuestOs(vm.GuestId)),
            ("memSize", vm.MemoryMB.ToString(CultureInfo.InvariantCulture)),
            ("numvcpus", vm.NumCpu.ToString(CultureInfo.InvariantCulture)),
            ("uuid.bios", VmdkUuid.Format(vm.Uuid)),
            ("vc.uuid", VmdkUuid.Format(vm.InstanceUuid)),
            ("scsi0.present", "TRUE"),
            ("scsi0.virtualDev", VirtualDev(vm.ScsiController)),
        };
        foreach (var disk in vm.Disks)
        {
            lines.Add(($"scsi0:{disk.UnitNumber}.present", "TRUE"));
            lines.Add(($"scsi0:{disk.UnitNumber}.fileName", disk.Datastore == vm.Datastore && disk.Current.StartsWith(vm.Folder + "/", StringComparison.Ordinal)
                ? disk.Current[(vm.Folder.Length + 1)..]
                : $"/vmfs/volumes/{disk.Datastore.Name}/{disk.Current}"));
        }
        for (var i = 0; i < vm.Nics.Count; i++)
        {
            var nic = vm.Nics[i];
            lines.Add(($"ethernet{i}.present", "TRUE"));
            lines.Add(($"ethernet{i}.virtualDev", "vmxnet3"));
            lines.Add(($"ethernet{i}.networkName", nic.NetworkName));
            lines.Add(($"ethernet{i}.addressType", "generated"));
            lines.Add(($"ethernet{i}.generatedAddress", nic.MacAddress));
        }
        if (vm.MemoryReservationMB > 0) lines.Add(("sched.mem.min", vm.MemoryReservationMB.ToString(CultureInfo.InvariantCulture)));
        foreach (var (key, value) in vm.ExtraConfig) lines.Add((key, value));
        var text = new StringBuilder();
        foreach (var (key, value) in lines) text.Append(key).Append(" = \"").Append(value.Replace("\"", "|22", StringComparison.Ordinal)).Append("\"\n");
        File.WriteAllText(vm.Datastore.LocalPath(vm.VmxFile), text.ToString());
    }

    /// <summary>The parsed key/value pairs of a .vmx file, in file order.</summary>
    public static IReadOnlyList<(string Key, string Value)> Read(string localPath)
    {
        var result = new List<(string, string)>();
        foreach (var raw in File.ReadAllLines(localPath))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new VSphereFault(VSphereFaultType.InvalidArgument, $"'{localPath}' is not a valid .vmx file: line '{raw}' has no '='.");
            result.Add((line[..eq].Trim(), line[(eq + 1)..].Trim().Trim('"').Replace("|22", "\"", StringComparison.Ordinal)));
        }
        return result;
    }

    /// <summary>Keys the .vmx writer owns; every other key is an extraConfig entry.</summary>
    public static bool IsOwnKey(string key) => OwnPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    public static string GuestOs(string guestId) => guestId.EndsWith("Guest", StringComparison.Ordinal) ? guestId[..^"Guest".Length] : guestId;

    public static string GuestId(string guestOs) => guestOs + "Guest";

    public static string VirtualDev(ScsiControllerType controller) => controller switch
    {
        ScsiControllerType.ParaVirtual => "pvscsi",
        ScsiControllerType.LsiLogicSas => "lsisas1068",
        ScsiControllerType.BusLogic => "buslogic",
        _ => "lsilogic",
    };

    public static ScsiControllerType Controller(string virtualDev) => virtualDev switch
    {
        "pvscsi" => ScsiControllerType.ParaVirtual,
        "lsisas1068" => ScsiControllerType.LsiLogicSas,
        "buslogic" => ScsiControllerType.BusLogic,
        "lsilogic" => ScsiControllerType.LsiLogic,
        _ => throw new VSphereFault(VSphereFaultType.InvalidArgument, $"SCSI controller '{virtualDev}' is not one the site models."),
    };

    /// <summary>Parses the <c>ddb.uuid</c> spelling back to a UUID.</summary>
    public static Guid ParseUuid(string text)
    {
        var hex = text.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return hex.Length == 32 ? new Guid(Convert.FromHexString(hex), bigEndian: true)
            : throw new VSphereFault(VSphereFaultType.InvalidArgument, $"'{text}' is not a UUID in VMware's spelling.");
    }
}
