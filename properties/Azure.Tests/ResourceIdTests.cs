using Failback.Engine.Ports.Arm;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Failback.Azure.Tests;

public class ResourceIdTests
{
    [Fact]
    public void ParsesAndFormatsArmIds()
    {
        var id = ResourceId.Parse("/subscriptions/s1/resourceGroups/rg-1/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/default");
        Assert.Equal("s1", id.SubscriptionId);
        Assert.Equal("rg-1", id.ResourceGroup);
        Assert.Equal("Microsoft.Network/virtualNetworks/subnets", id.ResourceType);
        Assert.Equal("default", id.Name);
        Assert.Equal(ArmTypes.VirtualNetwork("s1", "rg-1", "vnet-a"), id.Parent);
        Assert.Equal(DeploymentModel.ResourceManager, id.DeploymentModel);
        Assert.Equal(DeploymentModel.Classic, ArmTypes.VirtualMachine("s1", "rg", "ps", DeploymentModel.Classic).DeploymentModel);
        Assert.Equal("Microsoft.Resources/resourceGroups", id.ResourceGroupId.ResourceType);
    }

    [Fact]
    public void ComparesCaseInsensitivelyAsArmDoes()
    {
        var a = ResourceId.Parse("/subscriptions/S1/resourceGroups/RG/providers/Microsoft.Compute/virtualMachines/VM");
        var b = ResourceId.Parse("/SUBSCRIPTIONS/s1/RESOURCEGROUPS/rg/providers/microsoft.compute/VIRTUALMACHINES/vm");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData("")]
    [InlineData("subscriptions/s1")]
    [InlineData("/subscriptions/")]
    [InlineData("/subscriptions/s1/groups/rg")]
    [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks")]
    public void RefusesWhatIsNotAnId(string text)
    {
        Assert.False(ResourceId.TryParse(text, out _));
        Assert.Contains("not an ARM resource ID", Assert.Throws<FormatException>(() => ResourceId.Parse(text)).Message);
    }

    [Property(MaxTest = 200)]
    public Property FormatThenParseIsIdentity(NonEmptyString sub, NonEmptyString rg, NonEmptyString name, bool classic)
    {
        string Clean(NonEmptyString s) => new string(s.Get.Where(char.IsAsciiLetterOrDigit).ToArray()) is { Length: > 0 } c ? c : "x";
        var id = ArmTypes.VirtualMachine(Clean(sub), Clean(rg), Clean(name), classic ? DeploymentModel.Classic : DeploymentModel.ResourceManager);
        var back = ResourceId.Parse(id.ToString());
        return (back == id && back.ToString() == id.ToString() && back.DeploymentModel == id.DeploymentModel).ToProperty();
    }
}
