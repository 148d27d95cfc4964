using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Guest;
using static Failback.Azure.Tests.AzureWorld;

namespace Failback.Azure.Tests;

/// <summary>What Azure does to a guest that fails over to it, and how the guest travels with its disks.</summary>
public class GuestFailoverTests
{
    private static async Task<VirtualMachine> FailOver(AzureWorld w, ManagedDisk osDisk, string name = "web-1")
    {
        var vnet = w.Cloud.Resources.OfType<VirtualNetwork>().FirstOrDefault() ?? await w.Vnet("rg", "recovery-net");
        var nic = await w.Nic("rg", name + "-nic", vnet.Subnets[0].Id!);
        return await w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", name), new VirtualMachine
        {
            Location = Location, Size = "Standard_D2s_v3", OsDisk = new VmDisk { ManagedDiskId = osDisk.Id }, NetworkInterfaceIds = [nic.Id!],
        });
    }

    [Fact]
    public void TS3_AStaticAddressBecomesDhcpOnFailoverAndStaysDhcpOnTheDisk()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var disk = await w.UploadDisk("rg", "web-1-os", 2, LinuxGuest("192.168.10.21"));
            var vm = await FailOver(w, disk);
            var nic = Assert.Single(vm.Guest!.Nics);
            Assert.Equal((AddressMode.Dhcp, (string?)null), (nic.Mode, nic.StaticAddress));
            Assert.Equal(["10.1.1.4"], vm.PrivateIpAddresses); // the address Azure's DHCP hands out

            // The guest travels with the OS disk: what fails back keeps DHCP.
            var onDisk = (await w.Arm.GetAsync<ManagedDisk>(disk.Id!, w.Time)).Guest!;
            Assert.Equal(AddressMode.Dhcp, onDisk.Nics[0].Mode);
        });
    }

    [Fact]
    public void TS2_ARecoveredLinuxVmLosesNetworkManager()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var disk = await w.UploadDisk("rg", "web-1-os", 2, LinuxGuest());
            var vm = await FailOver(w, disk);
            Assert.DoesNotContain("NetworkManager", vm.Guest!.Packages);
            Assert.Contains("httpd", vm.Guest.Packages);
            Assert.DoesNotContain("NetworkManager", (await w.Arm.GetAsync<ManagedDisk>(disk.Id!, w.Time)).Guest!.Packages);
            // The OS disk is attached while the VM exists, and released when it is deleted (commit, CM-1).
            Assert.Equal(DiskState.Attached, (await w.Arm.GetAsync<ManagedDisk>(disk.Id!, w.Time)).DiskState);
            await w.Arm.DeleteAsync(vm.Id!, w.Time);
            var released = await w.Arm.GetAsync<ManagedDisk>(disk.Id!, w.Time);
            Assert.Equal((DiskState.Unattached, (ResourceId?)null), (released.DiskState, released.ManagedBy));
            Assert.DoesNotContain("NetworkManager", released.Guest!.Packages);
        });
    }

    [Fact]
    public void TS2_WindowsKeepsItsPackagesButVmwareToolsAreDisabled()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var guest = WindowsGuest() with { Packages = new HashSet<string>(["SQL Server 2019"], StringComparer.Ordinal) };
            var vm = await FailOver(w, await w.UploadDisk("rg", "sql-1-os", 2, guest), "sql-1");
            Assert.False(vm.Guest!.VmwareToolsEnabled);
            Assert.Contains("SQL Server 2019", vm.Guest.Packages);
            Assert.Equal(AddressMode.Dhcp, vm.Guest.Nics[0].Mode);
        });
    }

    [Fact]
    public void TS3_AClassicFailoverFromAPageBlobChangesTheBlobsGuest()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var vnet = await w.Vnet("rg", "classic-net", DeploymentModel.Classic);
            var account = await w.Account("rg", "classicstore", DeploymentModel.Classic);
            await w.Blobs.CreateContainerAsync(account.Id!, "vhds");
            var blob = await w.Blobs.CreatePageBlobAsync("https://classicstore.blob.core.windows.net/vhds/web-1.vhd", 2 * Mib + 512);
            await w.Blobs.SetGuestAsync(blob.Uri, LinuxGuest());
            var vm = await w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "web-1", DeploymentModel.Classic), new VirtualMachine
            {
                Location = Location, Size = "Small", OsDisk = new VmDisk { VhdUri = blob.Uri }, SubnetId = vnet.Subnets[0].Id, StaticPrivateIpAddress = "10.1.1.20",
            });
            Assert.Equal(["10.1.1.20"], vm.PrivateIpAddresses);
            var onBlob = (await w.Blobs.GetBlobPropertiesAsync(blob.Uri)).Guest!;
            Assert.Equal(AddressMode.Dhcp, onBlob.Nics[0].Mode);
            Assert.DoesNotContain("NetworkManager", onBlob.Packages);
            var leased = await Refused(() => w.Blobs.DeleteBlobAsync(blob.Uri));
            Assert.Equal((412, "LeaseIdMissing"), (leased.Status, leased.Code));
        });
    }

    [Fact]
    public void AVmBuiltFromAnImageKeepsItsGuestAsIs()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var nic = await w.Nic("rg", "nic", (await w.Vnet("rg", "net")).Subnets[0].Id!);
            var centos = (await w.Arm.ListMarketplaceImagesAsync(Location)).Single(i => i.Guest.IsLinux);
            var vm = await w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "tools"), new VirtualMachine
            {
                Location = Location, Image = centos.Reference, AdminUsername = "ops", AdminPassword = "Linux!Pass1", NetworkInterfaceIds = [nic.Id!],
            });
            Assert.Contains("NetworkManager", vm.Guest!.Packages);
            Assert.Equal("tools", vm.Guest.HostName);
        });
    }

    [Fact]
    public void AnOsDiskWithoutAGuestIsRefused()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var disk = await w.UploadDisk("rg", "blank", 2, guest: null);
            var nic = await w.Nic("rg", "nic", (await w.Vnet("rg", "net")).Subnets[0].Id!);
            var before = w.Snapshot();
            var e = await Refused(() => w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "vm"), new VirtualMachine
            {
                Location = Location, OsDisk = new VmDisk { ManagedDiskId = disk.Id }, NetworkInterfaceIds = [nic.Id!],
            }));
            Assert.Equal(("InvalidParameter", "properties.storageProfile.osDisk"), (e.Code, e.Error.Target));
            Assert.Contains("no operating system", e.Error.Message);
            Assert.Equal(before, w.Snapshot());
        });
    }
}
