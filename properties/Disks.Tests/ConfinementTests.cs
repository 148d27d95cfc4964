using Failback.Simulators.Disks;
using Xunit;

namespace Failback.Disks.Tests;

/// <summary>
/// A datastore's descriptor can name any host file as an extent or parent; opened with the datastore's folder
/// as confinement (as the simulated vCenter opens them), every file must resolve inside it, symlinks followed.
/// </summary>
public class ConfinementTests
{
    private static (Scratch Scratch, string Store, string Disk) Datastore()
    {
        var s = new Scratch();
        var store = Directory.CreateDirectory(s["ds1"]).FullName;
        Directory.CreateDirectory(Path.Combine(store, "vm"));
        var disk = Path.Combine(store, "vm", "vm.vmdk");
        using (DiskImage.Create(disk, DiskFormat.Vmdk, 4 * Sizes.MiB)) { }
        return (s, store, disk);
    }

    [Theory]
    [InlineData("/etc/hostname")]
    [InlineData("../../outside-flat.vmdk")]
    [InlineData("../../ds1-evil/x-flat.vmdk")] // a sibling folder whose name starts like the datastore's
    public void AnExtentOutsideTheDatastoreIsRefused(string extent)
    {
        var (s, store, disk) = Datastore();
        using var _ = s;
        File.WriteAllBytes(s["outside-flat.vmdk"], new byte[4 * Sizes.MiB]);
        Directory.CreateDirectory(s["ds1-evil"]);
        File.WriteAllBytes(s["ds1-evil/x-flat.vmdk"], new byte[4 * Sizes.MiB]);
        File.WriteAllText(disk, File.ReadAllText(disk).Replace("\"vm-flat.vmdk\"", $"\"{extent}\""));
        var e = Assert.Throws<BadImageException>(() => DiskImage.Open(disk, writable: true, confineTo: store));
        Assert.Equal("extent file", e.Field);
        Assert.Contains("must lie inside", e.Limit);
        Assert.Throws<BadImageException>(() => DiskImage.Inspect(disk, confineTo: store));
        // Unconfined (the CLI on a user's own files), qemu's reading is kept: the same descriptor opens.
        if (extent != "/etc/hostname") using (DiskImage.Open(disk, writable: false)) { }
    }

    [Fact]
    public void ASymlinkInsideThatPointsOutsideIsRefused()
    {
        var (s, store, disk) = Datastore();
        using var _ = s;
        File.WriteAllBytes(s["outside-flat.vmdk"], new byte[4 * Sizes.MiB]);
        var flat = Path.Combine(store, "vm", "vm-flat.vmdk");
        File.Delete(flat);
        File.CreateSymbolicLink(flat, s["outside-flat.vmdk"]);
        Assert.Throws<BadImageException>(() => DiskImage.Open(disk, writable: true, confineTo: store));
    }

    [Fact]
    public void AParentOutsideTheDatastoreIsRefusedAndInsideIsFine()
    {
        var (s, store, disk) = Datastore();
        using var _ = s;
        var child = DiskImage.Snapshot(disk, confineTo: store);
        using (DiskImage.Open(child, writable: true, confineTo: store)) { } // a normal chain inside: fine
        Directory.CreateDirectory(s["elsewhere"]);
        File.Copy(disk, s["elsewhere/vm.vmdk"]);
        File.Copy(Path.Combine(store, "vm", "vm-flat.vmdk"), s["elsewhere/vm-flat.vmdk"]);
        File.WriteAllText(child, File.ReadAllText(child).Replace("parentFileNameHint=\"vm.vmdk\"", "parentFileNameHint=\"../../elsewhere/vm.vmdk\""));
        var e = Assert.Throws<BadImageException>(() => DiskImage.Open(child, writable: false, confineTo: store));
        Assert.Equal("parentFileNameHint", e.Field);
        Assert.Throws<BadImageException>(() => DiskImage.Consolidate(child, confineTo: store));
    }
}
