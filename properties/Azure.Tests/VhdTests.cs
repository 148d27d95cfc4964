using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using static Failback.Azure.Tests.AzureWorld;

namespace Failback.Azure.Tests;

/// <summary>Page blobs and managed disks are fixed VHDs that qemu-img reads to the bytes written.</summary>
public class VhdTests
{
    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)(i * 31 + seed + i / 4096);
        return bytes;
    }

    [Fact]
    public void EveryVhdWrittenIsWholeMibPlus512AndHoldsWhatWasWritten()
    {
        using var w = new AzureWorld();
        var expected = new byte[3 * Mib];
        var head = Pattern(64 * 1024, 7);
        var tail = Pattern(4096, 9);
        head.CopyTo(expected, 0);
        tail.CopyTo(expected, (int)(2 * Mib + 512 * 3));
        w.Run(async () =>
        {
            await w.Group("rg");
            // Upload through a write SAS (what replication to Azure does).
            var disk = await w.UploadDisk("rg", "data-1", 3, null, head);
            var sasUpload = w.Cloud.Resources.OfType<ManagedDisk>().Single();
            Assert.Equal(DiskState.Unattached, sasUpload.DiskState);

            // A page blob written with Put Page.
            var account = await w.Account("rg", "cache1");
            await w.Blobs.CreateContainerAsync(account.Id!, "replica");
            var blob = await w.Blobs.CreatePageBlobAsync("https://cache1.blob.core.windows.net/replica/data-1.vhd", 3 * Mib + 512);
            using (var device = w.Blobs.OpenPageBlob(blob.Uri, writable: true))
            {
                device.Write(0, head);
                device.Write(2 * Mib + 512 * 3, tail);
            }
            // Import copies the blob; Copy copies the disk.
            var imported = await w.Put(ArmTypes.Disk(w.Sub, "rg", "imported"), new ManagedDisk { Location = Location, CreateOption = DiskCreateOption.Import, SourceUri = blob.Uri });
            var copied = await w.Put(ArmTypes.Disk(w.Sub, "rg", "copied"), new ManagedDisk { Location = Location, CreateOption = DiskCreateOption.Copy, SourceResourceId = imported.Id });
            Assert.Equal(3 * Mib, copied.DiskSizeBytes);

            // A read SAS reads the disk back.
            var read = await w.Arm.ActionAsync(copied.Id!, "beginGetAccess", w.Time, new Dictionary<string, string> { ["access"] = "Read" });
            using (var device = w.Blobs.OpenPageBlob(read.Output!, writable: false))
            {
                var back = new byte[4096];
                device.Read(2 * Mib + 512 * 3, back);
                Assert.Equal(tail, back);
            }
            Assert.Equal(DiskState.ActiveSAS, (await w.Arm.GetAsync<ManagedDisk>(copied.Id!, w.Time)).DiskState);
            await w.Arm.ActionAsync(copied.Id!, "endGetAccess", w.Time);
        });
        var vhds = Directory.GetFiles(w.Root, "*.vhd", SearchOption.AllDirectories).Order().ToList();
        Assert.Equal(4, QemuImg.AssertAllVhdsAreAzureSized(w.Root));
        var uploaded = new byte[3 * Mib];
        head.CopyTo(uploaded, 0);
        QemuImg.AssertVhdEquals(vhds.Single(v => v.EndsWith("data-1.vhd") && v.Contains("disks")), uploaded);
        foreach (var name in new[] { "replica/data-1.vhd", "imported.vhd", "copied.vhd" })
            QemuImg.AssertVhdEquals(vhds.Single(v => v.EndsWith(name)), expected);
    }

    /// <summary>web-1 in rg, running: a 2 MiB Linux OS disk and a 2 MiB data disk at LUN 0, on a network of its own.</summary>
    private static async Task<(VirtualMachine Vm, ManagedDisk Os, ManagedDisk DataDisk)> RunningVm(AzureWorld w)
    {
        await w.Group("rg");
        var os = await w.UploadDisk("rg", "os", 2, LinuxGuest());
        var dataDisk = await w.UploadDisk("rg", "data", 2, null);
        var nic = await w.Nic("rg", "nic", (await w.Vnet("rg", "net")).Subnets[0].Id!);
        var vm = await w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "web-1"), new VirtualMachine
        {
            Location = Location, OsDisk = new VmDisk { ManagedDiskId = os.Id }, DataDisks = [new VmDisk { Lun = 0, ManagedDiskId = dataDisk.Id }], NetworkInterfaceIds = [nic.Id!],
        });
        return (vm, os, dataDisk);
    }

    [Fact]
    public void AGuestWritesItsDisksWhileTheVmRuns()
    {
        using var w = new AzureWorld();
        var data = Pattern(8192, 3);
        w.Run(async () =>
        {
            var (vm, _, dataDisk) = await RunningVm(w);
            using (var guest = w.Arm.OpenGuestDisk(vm.Id!, 0)) guest.Write(Mib + 100, data); // the guest is not bound to Put Page alignment
            var exported = await Refused(() => w.Arm.BeginActionAsync(dataDisk.Id!, "beginGetAccess"));
            Assert.Equal("OperationNotAllowed", exported.Code);
            Assert.Equal("lun", RefusedNow(() => w.Arm.OpenGuestDisk(vm.Id!, 5)).Error.Target);
        });
        var expected = new byte[2 * Mib];
        data.CopyTo(expected, (int)Mib + 100);
        QemuImg.AssertVhdEquals(Directory.GetFiles(w.Root, "data.vhd", SearchOption.AllDirectories).Single(), expected);
        QemuImg.AssertAllVhdsAreAzureSized(w.Root);
    }

    [Fact]
    public void ASasStopsWorkingAfterItsDurationInSeconds()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var id = ArmTypes.Disk(w.Sub, "rg", "upload");
            await w.Put(id, new ManagedDisk { Location = Location, CreateOption = DiskCreateOption.Upload, UploadSizeBytes = 2 * Mib + 512 });
            var zero = await Refused(() => w.Arm.BeginActionAsync(id, "beginGetAccess", new Dictionary<string, string> { ["access"] = "Write", ["durationInSeconds"] = "0" }));
            Assert.Equal("durationInSeconds", zero.Error.Target);

            var grant = await w.Arm.ActionAsync(id, "beginGetAccess", w.Time, new Dictionary<string, string> { ["access"] = "Write", ["durationInSeconds"] = "3600" });
            using var device = w.Blobs.OpenPageBlob(grant.Output!, writable: true);
            device.Write(0, Pattern(512, 1));
            await w.Time.Delay(TimeSpan.FromMinutes(59));
            device.Write(512, Pattern(512, 2));
            await w.Time.Delay(TimeSpan.FromMinutes(1));
            // The hour is over: the open blob's next Put Page presents an expired signature, and so does a new open.
            var expired = RefusedNow(() => device.Write(1024, Pattern(512, 3)));
            Assert.Equal((403, "AuthenticationFailed"), (expired.Status, expired.Code));
            Assert.Contains("durationInSeconds", expired.Error.Message);
            Assert.Equal("AuthenticationFailed", RefusedNow(() => w.Blobs.OpenPageBlob(grant.Output!, writable: false)).Code);
            Assert.Equal(DiskState.ActiveUpload, (await w.Arm.GetAsync<ManagedDisk>(id, w.Time)).DiskState);
            await w.Arm.ActionAsync(id, "endGetAccess", w.Time);
        });
    }

    [Fact]
    public void ADeallocatedVmsDisksAreReservedAndExportedOnlyThen()
    {
        using var w = new AzureWorld();
        var data = Pattern(4096, 9);
        w.Run(async () =>
        {
            var (vm, os, dataDisk) = await RunningVm(w);
            using (var guest = w.Arm.OpenGuestDisk(vm.Id!, 0)) guest.Write(0, data);
            async Task<DiskState> State() => (await w.Arm.GetAsync<ManagedDisk>(dataDisk.Id!, w.Time)).DiskState;

            // Stopped keeps the hardware (Attached); deallocated releases it (Reserved), and only then may the disk be exported.
            await w.Arm.ActionAsync(vm.Id!, "powerOff", w.Time);
            Assert.Equal(DiskState.Attached, await State());
            Assert.Equal("OperationNotAllowed", (await Refused(() => w.Arm.BeginActionAsync(dataDisk.Id!, "beginGetAccess"))).Code);
            await w.Arm.ActionAsync(vm.Id!, "deallocate", w.Time);
            Assert.Equal(DiskState.Reserved, await State());
            Assert.Equal(DiskState.Reserved, (await w.Arm.GetAsync<ManagedDisk>(os.Id!, w.Time)).DiskState);

            var read = await w.Arm.ActionAsync(dataDisk.Id!, "beginGetAccess", w.Time, new Dictionary<string, string> { ["access"] = "Read" });
            Assert.Equal(DiskState.ActiveSAS, await State());
            using (var exported = w.Blobs.OpenPageBlob(read.Output!, writable: false))
            {
                var back = new byte[data.Length];
                exported.Read(0, back);
                Assert.Equal(data, back);
            }
            var start = await Refused(() => w.Arm.BeginActionAsync(vm.Id!, "start"));
            Assert.Equal(("OperationNotAllowed", 409), (start.Code, start.Status));
            Assert.Contains("'data'", start.Error.Message);
            await w.Arm.ActionAsync(dataDisk.Id!, "endGetAccess", w.Time);
            Assert.Equal(DiskState.Reserved, await State());

            await w.Arm.ActionAsync(vm.Id!, "start", w.Time);
            Assert.Equal(DiskState.Attached, await State());
            Assert.Equal(DiskState.Attached, (await w.Arm.GetAsync<ManagedDisk>(os.Id!, w.Time)).DiskState);
        });
    }

    [Theory]
    [InlineData(2 * Mib, "a whole number of MiB plus 512")]
    [InlineData(2 * Mib + 1024, "a whole number of MiB plus 512")]
    [InlineData(2 * Mib + 512, "between 20972032 and")]
    public void UploadSizesFollowAzure(long bytes, string message)
    {
        using var w = new AzureWorld(minimumUploadBytes: 20 * Mib + 512);
        w.Run(async () =>
        {
            await w.Group("rg");
            var before = w.Snapshot();
            var e = await Refused(() => w.Put(ArmTypes.Disk(w.Sub, "rg", "d"), new ManagedDisk { Location = Location, CreateOption = DiskCreateOption.Upload, UploadSizeBytes = bytes }));
            Assert.Equal((400, "InvalidParameter", "properties.creationData.uploadSizeBytes"), (e.Status, e.Code, e.Error.Target));
            Assert.Contains(message, e.Error.Message);
            Assert.Equal(before, w.Snapshot());
        });
        Assert.Empty(Directory.GetFiles(w.Root, "*.vhd", SearchOption.AllDirectories));
    }

    [Fact]
    public void TheDefaultMinimumUploadIs20MibPlus512() =>
        Assert.Equal(20 * Mib + 512, new Simulators.Azure.AzureOptions { StorageRoot = "unused" }.MinimumUploadBytes);

    [Fact]
    public void PutPageIsAlignedAndBounded()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var account = await w.Account("rg", "cache1");
            await w.Blobs.CreateContainerAsync(account.Id!, "cont1");
            var blob = await w.Blobs.CreatePageBlobAsync("https://cache1.blob.core.windows.net/cont1/d.vhd", 6 * Mib + 512);
            using var device = w.Blobs.OpenPageBlob(blob.Uri, writable: true);
            Assert.Equal("InvalidPageRange", RefusedNow(() => device.Write(100, new byte[512])).Code);
            Assert.Equal("InvalidPageRange", RefusedNow(() => device.Write(0, new byte[100])).Code);
            Assert.Equal("RequestBodyTooLarge", RefusedNow(() => device.Write(0, new byte[4 * Mib + 512])).Code);
            Assert.Equal("InvalidPageRange", RefusedNow(() => device.Write(6 * Mib - 512, new byte[1024])).Code);
            using var reader = w.Blobs.OpenPageBlob(blob.Uri, writable: false);
            Assert.Equal("AuthorizationPermissionMismatch", RefusedNow(() => reader.Write(0, new byte[512])).Code);

            var odd = await Refused(() => w.Blobs.CreatePageBlobAsync("https://cache1.blob.core.windows.net/cont1/odd.vhd", 3 * Mib));
            Assert.Equal("InvalidHeaderValue", odd.Code);
            var noContainer = await Refused(() => w.Blobs.CreatePageBlobAsync("https://cache1.blob.core.windows.net/nope/d.vhd", Mib + 512));
            Assert.Equal((404, "ContainerNotFound"), (noContainer.Status, noContainer.Code));
            var dup = await Refused(() => w.Blobs.CreateContainerAsync(account.Id!, "cont1"));
            Assert.Equal("ContainerAlreadyExists", dup.Code);
            var badUri = await Refused(() => w.Blobs.GetBlobPropertiesAsync("http://example.com/x"));
            Assert.Equal("InvalidUri", badUri.Code);
        });
    }

    [Fact]
    public void PutPageFromUrlCopiesAnotherBlobsPagesInsideTheStorage()
    {
        using var w = new AzureWorld();
        const int mib = (int)Mib;
        var head = Pattern(5 * mib, 3); // more than one 4 MiB call
        var tail = Pattern(4096, 5);
        w.Run(async () =>
        {
            await w.Group("rg");
            var account = await w.Account("rg", "cache1");
            await w.Blobs.CreateContainerAsync(account.Id!, "cont1");
            var from = await w.Blobs.CreatePageBlobAsync("https://cache1.blob.core.windows.net/cont1/old.vhd", 8 * Mib + 512);
            var to = await w.Blobs.CreatePageBlobAsync("https://cache1.blob.core.windows.net/cont1/new.vhd", 8 * Mib + 512);
            using (var writer = w.Blobs.OpenPageBlob(from.Uri, writable: true))
            {
                writer.Write(0, head.AsSpan(0, 4 * mib));
                writer.Write(4 * mib, head.AsSpan(4 * mib));
                writer.Write(7 * mib, tail);
            }
            using var source = w.Blobs.OpenPageBlob(from.Uri, writable: false);
            using var target = w.Blobs.OpenPageBlob(to.Uri, writable: true);
            var copier = Assert.IsAssignableFrom<Engine.Ports.IBlockCopyTarget>(target);
            Assert.Equal("InvalidPageRange", RefusedNow(() => copier.TryCopyFrom(source, 100, 512)).Code);
            using var reader = w.Blobs.OpenPageBlob(to.Uri, writable: false);
            Assert.Equal("AuthorizationPermissionMismatch", RefusedNow(() => ((Engine.Ports.IBlockCopyTarget)reader).TryCopyFrom(source, 0, 512)).Code);

            Engine.Ports.BlockDeviceCopy.CopyAllocated(source, target);
            var back = new byte[8 * mib];
            target.Read(0, back);
            Assert.Equal(head, back[..head.Length]);
            Assert.Equal(tail, back[(7 * mib)..(7 * mib + tail.Length)]);
            Assert.True(back.AsSpan(head.Length, 7 * mib - head.Length).IndexOfAnyExcept((byte)0) < 0);
            Assert.Equal(source.GetAllocatedExtents(), target.GetAllocatedExtents()); // the holes stay holes
        });
        var expected = new byte[8 * mib];
        head.CopyTo(expected, 0);
        tail.CopyTo(expected, 7 * mib);
        QemuImg.AssertVhdEquals(Directory.GetFiles(w.Root, "new.vhd", SearchOption.AllDirectories).Single(), expected);
    }

    [Fact]
    public void AnAttachedDiskCannotBeDeletedAndAnUploadNeedsItsSasClosed()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var id = ArmTypes.Disk(w.Sub, "rg", "d");
            await w.Put(id, new ManagedDisk { Location = Location, CreateOption = DiskCreateOption.Upload, UploadSizeBytes = 2 * Mib + 512 });
            var read = await Refused(() => w.Arm.BeginActionAsync(id, "beginGetAccess"));
            Assert.Equal("OperationNotAllowed", read.Code); // ReadyToUpload takes a write SAS only
            var grant = await w.Arm.ActionAsync(id, "beginGetAccess", w.Time, new Dictionary<string, string> { ["access"] = "Write" });
            var open = await Refused(() => w.Arm.BeginDeleteAsync(id));
            Assert.Equal((409, "OperationNotAllowed"), (open.Status, open.Code));
            await w.Arm.ActionAsync(id, "endGetAccess", w.Time);
            var revoked = RefusedNow(() => w.Blobs.OpenPageBlob(grant.Output!, writable: true));
            Assert.Equal((403, "AuthenticationFailed"), (revoked.Status, revoked.Code));
            await w.Arm.DeleteAsync(id, w.Time);
        });
        Assert.Empty(Directory.GetFiles(w.Root, "*.vhd", SearchOption.AllDirectories));
    }
}
