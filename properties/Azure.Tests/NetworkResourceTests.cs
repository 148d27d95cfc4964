using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using static Failback.Azure.Tests.AzureWorld;

namespace Failback.Azure.Tests;

/// <summary>Virtual networks, subnets and private addresses.</summary>
public class NetworkResourceTests
{
    [Fact]
    public void DynamicAddressesAreTheLowestFreeAboveAzuresReservedOnes()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var subnet = (await w.Vnet("rg", "vnet")).Subnets[0].Id!;
            var a = await w.Nic("rg", "a", subnet);
            var b = await w.Nic("rg", "b", subnet);
            var c = await w.Nic("rg", "c", subnet, staticIp: "10.1.1.6");
            var d = await w.Nic("rg", "d", subnet);
            Assert.Equal(["10.1.1.4", "10.1.1.5", "10.1.1.6", "10.1.1.7"], new[] { a, b, c, d }.Select(n => n.PrivateIpAddress));
            Assert.StartsWith("00-0D-3A-", a.MacAddress);

            await w.Arm.DeleteAsync(a.Id!, w.Time);
            var e = await w.Nic("rg", "e", subnet);
            Assert.Equal("10.1.1.4", e.PrivateIpAddress); // the freed address is the lowest again
        });
    }

    [Theory]
    [InlineData("10.1.1.3", "PrivateIPAddressInReservedRange")]
    [InlineData("10.1.1.255", "PrivateIPAddressInReservedRange")]
    [InlineData("10.1.2.10", "PrivateIPAddressNotInSubnet")]
    [InlineData("10.1.1.4", "PrivateIPAddressInUse")]
    [InlineData("10.1.1.400", "InvalidPrivateIPAddressFormat")]
    public void StaticAddressesAreChecked(string address, string code)
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var subnet = (await w.Vnet("rg", "vnet")).Subnets[0].Id!;
            await w.Nic("rg", "first", subnet);
            var before = w.Snapshot();
            var e = await Refused(() => w.Nic("rg", "nic", subnet, address));
            Assert.Equal((400, code), (e.Status, e.Code));
            Assert.Equal("properties.ipConfigurations[0].properties.privateIPAddress", e.Error.Target);
            Assert.Equal(before, w.Snapshot());
        });
    }

    [Fact]
    public void ASmallSubnetFillsUp()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var vnet = await w.Vnet("rg", "vnet", DeploymentModel.ResourceManager, "10.1.0.0/16", new Subnet("tiny", "10.1.0.0/29"));
            var subnet = vnet.Subnets[0].Id!;
            for (var i = 0; i < 3; i++) await w.Nic("rg", $"n{i}", subnet); // a /29 keeps 8 - 5 = 3 for guests
            var e = await Refused(() => w.Nic("rg", "n3", subnet));
            Assert.Equal("SubnetIsFull", e.Code);
        });
    }

    [Theory]
    [InlineData("10.1.0.0/33", "default", "10.1.1.0/24", "InvalidAddressPrefixFormat")]
    [InlineData("10.1.0.1/16", "default", "10.1.1.0/24", "InvalidAddressPrefixFormat")]
    [InlineData("10.1.0.0/16", "default", "10.2.1.0/24", "NetcfgSubnetRangeOutsideVnet")]
    [InlineData("10.1.0.0/16", "bad name!", "10.1.1.0/24", "InvalidResourceName")]
    public void BadNetworksAreRefusedWithTheirTarget(string space, string subnetName, string subnetPrefix, string code)
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var before = w.Snapshot();
            var e = await Refused(() => w.Vnet("rg", "vnet", DeploymentModel.ResourceManager, space, new Subnet(subnetName, subnetPrefix)));
            Assert.Equal((400, code), (e.Status, e.Code));
            Assert.False(string.IsNullOrEmpty(e.Error.Target));
            Assert.False(string.IsNullOrEmpty(e.Error.Message));
            Assert.Equal(before, w.Snapshot());
        });
    }

    [Fact]
    public void OverlappingSubnetsAndSubnetsInUseAreKept()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var overlap = await Refused(() => w.Vnet("rg", "vnet", DeploymentModel.ResourceManager, "10.1.0.0/16", new Subnet("a", "10.1.0.0/24"), new Subnet("b", "10.1.0.128/25")));
            Assert.Equal("NetcfgInvalidSubnet", overlap.Code);

            var vnet = await w.Vnet("rg", "vnet", DeploymentModel.ResourceManager, "10.1.0.0/16", new Subnet("a", "10.1.0.0/24"), new Subnet("b", "10.1.1.0/24"));
            await w.Nic("rg", "nic", vnet.Subnets[0].Id!);
            var before = w.Snapshot();
            var drop = await Refused(() => w.Put(vnet.Id!, vnet with { Subnets = [new Subnet("b", "10.1.1.0/24")] }));
            Assert.Equal("InUseSubnetCannotBeDeleted", drop.Code);
            var delete = await Refused(() => w.Arm.BeginDeleteAsync(vnet.Id!));
            Assert.Equal("InUseSubnetCannotBeDeleted", delete.Code);
            Assert.Equal(before, w.Snapshot());
            // The unused subnet can go.
            var updated = await w.Put(vnet.Id!, vnet with { Subnets = [new Subnet("a", "10.1.0.0/24")] });
            Assert.Single(updated.Subnets);
        });
    }

    [Fact]
    public void ResourceGroupsAreSynchronousAndTheirDeleteTakesEverything()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            var op = await w.Arm.BeginCreateOrUpdateAsync(ResourceId.Group(w.Sub, "rg"), new ResourceGroup { Location = Location });
            Assert.Equal((201, OperationStatus.Succeeded), (op.StatusCode, op.Status));
            var vnet = await w.Vnet("rg", "vnet");
            await w.Nic("rg", "nic", vnet.Subnets[0].Id!);
            await w.Account("rg", "store1");
            await w.UploadDisk("rg", "disk", 2, null);
            Assert.Single(Directory.GetFiles(w.Root, "*.vhd", SearchOption.AllDirectories));

            await w.Arm.DeleteAsync(ResourceId.Group(w.Sub, "rg"), w.Time);
            Assert.Empty(w.Cloud.Resources);
            Assert.Empty(Directory.GetFiles(w.Root, "*.vhd", SearchOption.AllDirectories));
            var listed = await Refused(() => w.Arm.ListAsync(ResourceId.Group(w.Sub, "rg"), "Microsoft.Network/virtualNetworks"));
            Assert.Equal("ResourceGroupNotFound", listed.Code);
        });
    }

    [Fact]
    public void ListingIsByTypeAndScopeInIdOrder()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg1");
            await w.Group("rg2");
            await w.Vnet("rg2", "b");
            await w.Vnet("rg1", "z");
            await w.Vnet("rg1", "a", DeploymentModel.Classic);
            var all = await w.Arm.ListAsync(ResourceId.Subscription(w.Sub), "Microsoft.Network/virtualNetworks");
            Assert.Equal(["z", "b"], all.Select(r => r.Name));
            var inRg1 = await w.Arm.ListAsync(ResourceId.Group(w.Sub, "rg1"), "Microsoft.ClassicNetwork/virtualNetworks");
            Assert.Equal(DeploymentModel.Classic, Assert.Single(inRg1).DeploymentModel);
        });
    }
}
