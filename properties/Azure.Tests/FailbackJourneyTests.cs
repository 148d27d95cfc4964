using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.Network;
using Failback.Simulators.Azure.Connectivity;
using static Failback.Azure.Tests.AzureWorld;

namespace Failback.Azure.Tests;

/// <summary>
/// The Azure side of a failback, driven only through the engine's ports (IArm, IBlobStorage, INetwork):
/// fail over, put a process server next to the recovered VM, send its data home over the VPN, shut it
/// down and commit.
/// </summary>
public class FailbackJourneyTests
{
    [Fact]
    public void PS1_ER1_FO3_CM1_TheRecoveredVmsDataGoesHomeOverTheVpnThenAzureLetsItGo()
    {
        using var w = new AzureWorld();
        w.Cloud.Network.AddSite(new OnPremisesSite("onprem", ["192.168.0.0/16"], "203.0.113.10"));
        w.Cloud.Network.RegisterHost("cs-1", "192.168.10.5", "onprem");
        w.Cloud.Network.RegisterHost("mt-1", "192.168.10.6", "onprem");
        IArm arm = w.Cloud;
        IBlobStorage blobs = w.Cloud.BlobStorage;
        INetwork network = w.Cloud.Network;
        var written = Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i % 251)).ToArray();

        w.Run(async () =>
        {
            // Failover: the replicated OS disk becomes a VM in the recovery network.
            await w.Group("recovery");
            var vnet = await w.Vnet("recovery", "recovery-net", DeploymentModel.ResourceManager, "10.1.0.0/16",
                new Subnet("default", "10.1.1.0/24"), new Subnet("GatewaySubnet", "10.1.255.0/27"));
            var os = await w.UploadDisk("recovery", "web-1-os", 4, LinuxGuest());
            var vmNic = await w.Nic("recovery", "web-1-nic", vnet.Subnets[0].Id!);
            var vm = await arm.CreateOrUpdateAsync(ArmTypes.VirtualMachine(w.Sub, "recovery", "web-1"), new VirtualMachine
            {
                Location = Location, OsDisk = new VmDisk { ManagedDiskId = os.Id }, NetworkInterfaceIds = [vmNic.Id!],
            }, w.Time);

            // The workload runs in Azure and writes.
            using (var disk = arm.OpenGuestDisk(vm.Id!, null)) disk.Write(Mib, written);

            // PS-5: the process server joins the VM's network through a NIC made for it; PRE-2: a VPN to the site.
            var psNic = await w.Nic("recovery", "ps-1-nic", vnet.Subnets[0].Id!);
            var image = (await arm.ListMarketplaceImagesAsync(Location)).Single(i => i.DisplayName == "Microsoft Azure Site Recovery Process Server V2");
            var ps = await arm.CreateOrUpdateAsync(ArmTypes.VirtualMachine(w.Sub, "recovery", "ps-1"), new VirtualMachine
            {
                Location = Location, Image = image.Reference, AdminUsername = "psadmin", AdminPassword = "Str0ng!Passw0rd", NetworkInterfaceIds = [psNic.Id!], SubnetId = vnet.Subnets[0].Id,
            }, w.Time);
            Assert.False(network.Check(ps.Name, "cs-1", 443).Reachable);
            var gateway = await arm.CreateOrUpdateAsync(ArmTypes.VirtualNetworkGateway(w.Sub, "recovery", "gw"),
                new VirtualNetworkGateway { Location = Location, VirtualNetworkId = vnet.Id, Sku = "VpnGw2" }, w.Time);
            var local = await arm.CreateOrUpdateAsync(ArmTypes.LocalNetworkGateway(w.Sub, "recovery", "onprem"),
                new LocalNetworkGateway { Location = Location, GatewayIpAddress = "203.0.113.10", AddressPrefixes = ["192.168.0.0/16"] }, w.Time);
            await arm.CreateOrUpdateAsync(ArmTypes.Connection(w.Sub, "recovery", "s2s"), new VirtualNetworkGatewayConnection
            {
                Location = Location, ConnectionType = ConnectionType.IPsec, VirtualNetworkGatewayId = gateway.Id, LocalNetworkGatewayId = local.Id, SharedKey = "k",
            }, w.Time);
            Assert.True(network.Check(ps.Name, "cs-1", 443).Reachable, "TS-5: the process server's heartbeat to the configuration server");

            // PS-1: the process server reads what the VM wrote and sends it to the master target.
            using (var disk = arm.OpenGuestDisk(vm.Id!, null))
            {
                var changed = disk.QueryChangedDiskAreas("*");
                var bytes = changed.Sum(e => e.Length);
                Assert.True(bytes >= written.Length);
                var start = w.Sim.Clock.Elapsed;
                await network.TransferAsync(ps.Name, "mt-1", 9443, bytes);
                Assert.True(w.Sim.Clock.Elapsed > start);
            }

            // FO-3: the Azure VM is shut down during the failover to on-premises.
            await arm.ActionAsync(vm.Id!, "powerOff", w.Time);
            Assert.Equal(PowerState.Stopped, (await arm.GetAsync<VirtualMachine>(vm.Id!, w.Time)).PowerState);

            // CM-1: commit removes the Azure VM; the disk keeps the guest that goes home (DHCP, TS-3; no NetworkManager, TS-2).
            await arm.DeleteAsync(vm.Id!, w.Time);
            var home = (await arm.GetAsync<ManagedDisk>(os.Id!, w.Time)).Guest!;
            Assert.Equal(AddressMode.Dhcp, home.Nics[0].Mode);
            Assert.DoesNotContain("NetworkManager", home.Packages);
            var read = await arm.ActionAsync(os.Id!, "beginGetAccess", w.Time, new Dictionary<string, string> { ["access"] = "Read" });
            using var sas = blobs.OpenPageBlob(read.Output!, writable: false);
            var back = new byte[written.Length];
            sas.Read(Mib, back);
            Assert.Equal(written, back);
        });
        var expected = new byte[4 * Mib];
        written.CopyTo(expected, (int)Mib);
        QemuImg.AssertVhdEquals(Directory.GetFiles(w.Root, "web-1-os.vhd", SearchOption.AllDirectories).Single(), expected);
        QemuImg.AssertAllVhdsAreAzureSized(w.Root);
    }
}
