using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using static Failback.Azure.Tests.AzureWorld;

namespace Failback.Azure.Tests;

/// <summary>Deploying a process server in Azure: the deployment-model and network rules (PS-2 to PS-5).</summary>
public class ProcessServerTests
{
    private const string Password = "Str0ng!Passw0rd";

    private static async Task<ImageReference> ProcessServerImage(AzureWorld w)
    {
        var images = await w.Arm.ListMarketplaceImagesAsync(Location);
        return images.Single(i => i.DisplayName == "Microsoft Azure Site Recovery Process Server V2").Reference;
    }

    private static VirtualMachine ResourceManagerProcessServer(ImageReference image, ResourceId nic, ResourceId? subnet = null, ResourceId? storage = null) => new()
    {
        Location = Location, Size = "Standard_D4s_v3", Image = image, AdminUsername = "psadmin", AdminPassword = Password,
        StorageAccountId = storage, NetworkInterfaceIds = [nic], SubnetId = subnet,
    };

    [Fact]
    public void PS4_ClassicProcessServerComesFromTheMarketplaceImageIntoAClassicNetwork()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var vnet = await w.Vnet("rg", "classic-net", DeploymentModel.Classic);
            var storage = await w.Account("rg", "classicstore", DeploymentModel.Classic);
            var id = ArmTypes.VirtualMachine(w.Sub, "rg", "ps-classic", DeploymentModel.Classic);
            var ps = await w.Put(id, new VirtualMachine
            {
                Location = Location, Size = "Standard_A4", Image = await ProcessServerImage(w), AdminUsername = "psadmin", AdminPassword = Password,
                StorageAccountId = storage.Id, SubnetId = vnet.Subnets[0].Id,
            });
            Assert.Equal((ProvisioningState.Succeeded, PowerState.Running), (ps.ProvisioningState, ps.PowerState));
            Assert.Equal(["10.1.1.4"], ps.PrivateIpAddresses);
            Assert.Null(ps.AdminPassword); // never returned
            Assert.Equal("Windows Server 2012 R2 Datacenter", ps.Guest!.OsName);
            var blob = Assert.Single(await w.Blobs.ListBlobsAsync(storage.Id!, "vhds"));
            Assert.Equal(ps.OsDisk!.VhdUri, blob.Uri);
            Assert.Equal(id, blob.LeasedBy);
            Assert.Equal(4 * Mib + 512, blob.Length);
        });
    }

    [Fact]
    public void PS5_ResourceManagerProcessServerTakesGroupNameCredentialsStorageSubnetAndNic()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var vnet = await w.Vnet("rg", "rm-net");
            var subnet = vnet.Subnets[0].Id!;
            var storage = await w.Account("rg", "psstore");
            var nic = await w.Nic("rg", "ps-nic", subnet, "10.1.1.10");
            var id = ArmTypes.VirtualMachine(w.Sub, "rg", "ps-rm");
            var ps = await w.Put(id, ResourceManagerProcessServer(await ProcessServerImage(w), nic.Id!, subnet, storage.Id));
            Assert.Equal(PowerState.Running, ps.PowerState);
            Assert.Equal(["10.1.1.10"], ps.PrivateIpAddresses);
            Assert.Equal(id, (await w.Arm.GetAsync<NetworkInterface>(nic.Id!, w.Time)).VirtualMachineId);
            Assert.StartsWith("https://psstore.blob.core.windows.net/vhds/", ps.OsDisk!.VhdUri);

            // Without a storage account the OS disk is a managed disk, as ARM does today.
            var nic2 = await w.Nic("rg", "ps2-nic", subnet);
            var ps2 = await w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "ps-rm2"), ResourceManagerProcessServer(await ProcessServerImage(w), nic2.Id!));
            var osDisk = await w.Arm.GetAsync<ManagedDisk>(ps2.OsDisk!.ManagedDiskId!, w.Time);
            Assert.Equal((DiskState.Attached, ps2.Id), (osDisk.DiskState, osDisk.ManagedBy));
        });
    }

    [Fact]
    public void PS3_AResourceManagerProcessServerNeedsANicThatExists()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var image = await ProcessServerImage(w);
            await w.Vnet("rg", "rm-net");
            var before = w.Snapshot();
            var missing = ArmTypes.NetworkInterface(w.Sub, "rg", "never-created");
            var e = await Refused(() => w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "ps"), ResourceManagerProcessServer(image, missing)));
            Assert.Equal((400, "InvalidResourceReference"), (e.Status, e.Code));
            Assert.Equal("properties.networkProfile.networkInterfaces[0].id", e.Error.Target);
            Assert.Contains("does not exist", e.Error.Message);
            Assert.Equal(before, w.Snapshot());

            var noNic = await Refused(() => w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "ps"), ResourceManagerProcessServer(image, missing) with { NetworkInterfaceIds = [] }));
            Assert.Equal("properties.networkProfile.networkInterfaces", noNic.Error.Target);
        });
    }

    [Fact]
    public void PS3_TheProcessServerMustSitInTheNetworkItNames()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var image = await ProcessServerImage(w);
            var a = await w.Vnet("rg", "net-a");
            var b = await w.Vnet("rg", "net-b", DeploymentModel.ResourceManager, "10.2.0.0/16");
            var nic = await w.Nic("rg", "nic", a.Subnets[0].Id!);
            var e = await Refused(() => w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "ps"), ResourceManagerProcessServer(image, nic.Id!, b.Subnets[0].Id)));
            Assert.Equal(("InvalidParameter", "properties.networkProfile.subnet"), (e.Code, e.Error.Target));

            await w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "vm1"), ResourceManagerProcessServer(image, nic.Id!));
            var inUse = await Refused(() => w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "vm2"), ResourceManagerProcessServer(image, nic.Id!)));
            Assert.Equal("NicInUse", inUse.Code);
        });
    }

    [Fact]
    public void PS2_AResourceManagerVmCannotJoinAClassicNetwork()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var image = await ProcessServerImage(w);
            var classic = await w.Vnet("rg", "classic-net", DeploymentModel.Classic);
            var rm = await w.Vnet("rg", "rm-net", DeploymentModel.ResourceManager, "10.2.0.0/16");
            var nic = await w.Nic("rg", "nic", rm.Subnets[0].Id!);
            var before = w.Snapshot();

            var bySubnet = await Refused(() => w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "ps"), ResourceManagerProcessServer(image, nic.Id!, classic.Subnets[0].Id)));
            Assert.Equal(("InvalidResourceReference", "properties.networkProfile.subnet"), (bySubnet.Code, bySubnet.Error.Target));
            Assert.Contains("classic network", bySubnet.Error.Message);
            Assert.Contains("PS-2", bySubnet.Error.Message);

            var byNic = await Refused(() => w.Nic("rg", "nic-classic", classic.Subnets[0].Id!));
            Assert.Equal("InvalidResourceReference", byNic.Code);
            Assert.Contains("classic virtual network", byNic.Error.Message);
            Assert.Equal(before, w.Snapshot());
        });
    }

    [Fact]
    public void PS2_AClassicVmCannotJoinAResourceManagerNetwork()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var rm = await w.Vnet("rg", "rm-net");
            var storage = await w.Account("rg", "classicstore", DeploymentModel.Classic);
            var rmStorage = await w.Account("rg", "rmstore");
            var before = w.Snapshot();
            var body = new VirtualMachine
            {
                Location = Location, Size = "Standard_A4", Image = await ProcessServerImage(w), AdminUsername = "psadmin", AdminPassword = Password,
                StorageAccountId = storage.Id, SubnetId = rm.Subnets[0].Id,
            };
            var e = await Refused(() => w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "ps", DeploymentModel.Classic), body));
            Assert.Equal(("InvalidResourceReference", "properties.networkProfile.subnet"), (e.Code, e.Error.Target));
            Assert.Contains("a classic VM can only join a classic network", e.Error.Message);

            var wrongStorage = await Refused(() => w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "ps", DeploymentModel.Classic),
                body with { SubnetId = null, StorageAccountId = rmStorage.Id }));
            Assert.Equal("properties.networkProfile.subnet", wrongStorage.Error.Target); // the network is checked first
            Assert.Equal(before, w.Snapshot());
        });
    }

    [Theory]
    [InlineData("admin", Password, "properties.osProfile.adminUsername")]
    [InlineData("psadmin", "short1!A", "properties.osProfile.adminPassword")]
    [InlineData("psadmin", "alllowercaseletters", "properties.osProfile.adminPassword")]
    [InlineData("psadmin", "Xpsadmin!2024long", "properties.osProfile.adminPassword")]
    public void CredentialsAreCheckedAsAzureChecksThem(string user, string password, string target)
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var image = await ProcessServerImage(w);
            var nic = await w.Nic("rg", "nic", (await w.Vnet("rg", "net")).Subnets[0].Id!);
            var before = w.Snapshot();
            var e = await Refused(() => w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "ps"),
                ResourceManagerProcessServer(image, nic.Id!) with { AdminUsername = user, AdminPassword = password }));
            Assert.Equal((400, "InvalidParameter", target), (e.Status, e.Code, e.Error.Target));
            Assert.Equal(before, w.Snapshot());
        });
    }

    [Fact]
    public void PowerActionsFollowAzuresStates()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var nic = await w.Nic("rg", "nic", (await w.Vnet("rg", "net")).Subnets[0].Id!);
            var vm = await w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "ps"), ResourceManagerProcessServer(await ProcessServerImage(w), nic.Id!));
            var op = await w.Arm.BeginActionAsync(vm.Id!, "deallocate");
            Assert.Equal(202, op.StatusCode);
            Assert.Equal(PowerState.Deallocating, (await w.Arm.GetAsync<VirtualMachine>(vm.Id!, w.Time)).PowerState);
            await w.Arm.WaitForCompletionAsync(op, w.Time);
            Assert.Equal(PowerState.Deallocated, (await w.Arm.GetAsync<VirtualMachine>(vm.Id!, w.Time)).PowerState);
            var e = await Refused(() => w.Arm.BeginActionAsync(vm.Id!, "powerOff"));
            Assert.Equal((409, "OperationNotAllowed"), (e.Status, e.Code));
            Assert.Contains("Deallocated", Assert.Throws<ArmException>(() => w.Arm.OpenGuestDisk(vm.Id!, null)).Message);
            await w.Arm.ActionAsync(vm.Id!, "start", w.Time);
            Assert.Equal(PowerState.Running, (await w.Arm.GetAsync<VirtualMachine>(vm.Id!, w.Time)).PowerState);
            var unknown = await Refused(() => w.Arm.BeginActionAsync(vm.Id!, "hibernate"));
            Assert.Equal("InvalidResourceOperation", unknown.Code);

            var nicDelete = await Refused(() => w.Arm.BeginDeleteAsync(nic.Id!));
            Assert.Equal("NicInUse", nicDelete.Code);
            await w.Arm.DeleteAsync(vm.Id!, w.Time);
            Assert.Null((await w.Arm.GetAsync<NetworkInterface>(nic.Id!, w.Time)).VirtualMachineId);
            await w.Arm.DeleteAsync(nic.Id!, w.Time);
        });
    }
}
