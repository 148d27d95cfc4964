using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Failback.Azure.Tests.AzureWorld;

namespace Failback.Azure.Tests;

/// <summary>
/// Random programs of good and bad requests: every refusal is an ARM error (code, message, target)
/// and leaves every resource as it was; addresses stay unique, inside their subnet and off Azure's reserved ones.
/// </summary>
public class BadInputTests
{
    [Property(MaxTest = 30)]
    public Property RefusalsChangeNothingAndAddressesStayValid(int[] program)
    {
        using var w = new AzureWorld();
        var refusals = 0;
        w.Run(async () =>
        {
            await w.Group("rg");
            var vnet = await w.Vnet("rg", "net", DeploymentModel.ResourceManager, "10.1.0.0/16", new Subnet("a", "10.1.1.0/24"), new Subnet("b", "10.1.2.0/29"));
            var classic = await w.Vnet("rg", "classic", DeploymentModel.Classic, "10.9.0.0/16");
            var step = 0;
            foreach (var x in program)
            {
                var p = Math.Abs(x / 8);
                var subnet = vnet.Subnets[p % 2].Id!;
                var nicId = ArmTypes.NetworkInterface(w.Sub, "rg", $"nic-{p % 6}");
                Func<Task> request = Math.Abs(x % 8) switch
                {
                    0 => () => w.Nic("rg", $"nic-{step}", subnet),
                    1 => () => w.Nic("rg", $"nic-{step}", subnet, $"10.1.{1 + p % 3}.{p % 260}"),
                    2 => () => w.Arm.DeleteAsync(nicId, w.Time),
                    3 => () => w.Put(vnet.Id!, vnet with { Subnets = [vnet.Subnets[0], new Subnet("b", $"10.1.{p % 4}.{p % 300}/{26 + p % 6}")] }),
                    4 => () => w.Nic("rg", $"nic-{step}", classic.Subnets[0].Id!),
                    5 => () => w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", $"vm-{step}"), new VirtualMachine
                    {
                        Location = Location, Image = MarketplaceImage, AdminUsername = "ops", AdminPassword = p % 2 == 0 ? "Str0ng!Passw0rd" : "weak",
                        NetworkInterfaceIds = [nicId],
                    }),
                    6 => () => w.Put(ArmTypes.Disk(w.Sub, "rg", $"disk-{step}"), new ManagedDisk { Location = Location, CreateOption = DiskCreateOption.Upload, UploadSizeBytes = p % 3 * Mib + 512 * (p % 2) }),
                    _ => () => w.Put(ArmTypes.NetworkInterface(w.Sub, "rg", $"nic-{step}"), new NetworkInterface { Location = p % 2 == 0 ? "mars" : "northeurope", SubnetId = subnet }),
                };
                step++;
                var before = w.Snapshot();
                try
                {
                    await request();
                }
                catch (ArmException e)
                {
                    refusals++;
                    Assert.False(string.IsNullOrWhiteSpace(e.Error.Code), e.Message);
                    Assert.False(string.IsNullOrWhiteSpace(e.Error.Message), e.Message);
                    Assert.False(string.IsNullOrWhiteSpace(e.Error.Target), e.Message);
                    Assert.InRange(e.Status, 400, 499);
                    Assert.Equal(before, w.Snapshot());
                }
                AssertAddressesValid(w.Cloud);
            }
        });
        return true.ToProperty().Classify(refusals > 0, "with refusals");
    }

    private static readonly ImageReference MarketplaceImage = new("MicrosoftWindowsServer", "WindowsServer", "2019-Datacenter");

    private static void AssertAddressesValid(AzureCloud cloud)
    {
        var nics = cloud.Resources.OfType<NetworkInterface>().ToList();
        Assert.Equal(nics.Count, nics.Select(n => n.PrivateIpAddress).Distinct().Count());
        foreach (var nic in nics)
        {
            var vnet = cloud.Resources.OfType<VirtualNetwork>().Single(v => v.Id == nic.SubnetId!.Parent);
            var prefix = vnet.FindSubnet(nic.SubnetId!.Name)!.AddressPrefix;
            var (network, length) = (Parse(prefix.Split('/')[0]), int.Parse(prefix.Split('/')[1]));
            var address = Parse(nic.PrivateIpAddress!);
            var last = network | (uint.MaxValue >> length);
            Assert.True(address >= network + 4 && address < last, $"{nic.PrivateIpAddress} in {prefix}");
        }
    }

    private static uint Parse(string ip) => ip.Split('.').Select(uint.Parse).Aggregate(0u, (a, b) => a << 8 | b);
}
