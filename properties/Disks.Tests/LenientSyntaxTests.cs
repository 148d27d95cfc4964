using Failback.Simulators.Disks;
using Xunit;

namespace Failback.Disks.Tests;

/// <summary>
/// Exact on structure, liberal on syntax, as qemu is: descriptors with unusual but valid lines, and a renamed
/// monolithicSparse image, open to the same bytes as the plain ones (qemu-img compare agrees).
/// </summary>
public class LenientSyntaxTests
{
    private static byte[] Content(string path)
    {
        using var d = DiskImage.Open(path, writable: false);
        var b = new byte[d.Capacity];
        d.Read(0, b);
        return b;
    }

    private static void Fill(string path)
    {
        using var d = DiskImage.Open(path);
        var data = new byte[300_000];
        new Random(9).NextBytes(data);
        d.Write(100_000, data);
    }

    public static TheoryData<string, string> Variants => new()
    {
        { "CRLF line ends", "\r\n" },
        { "tabs and runs of spaces in the extent line", "tabs" },
        { "unknown keys and a line that is not key=value", "unknown" },
        { "blank lines of whitespace and indented comments", "blank" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void UnusualButValidDescriptorLinesReadTheSameBytes(string variant, string how)
    {
        using var s = new Scratch();
        using (DiskImage.Create(s["vm.vmdk"], DiskFormat.Vmdk, 4 * Sizes.MiB)) { }
        Fill(s["vm.vmdk"]);
        var expected = Content(s["vm.vmdk"]);
        var text = File.ReadAllText(s["vm.vmdk"]);
        text = how switch
        {
            "\r\n" => text.Replace("\n", "\r\n"),
            "tabs" => text.Replace("RW 8192 VMFS \"vm-flat.vmdk\"", "RW\t8192   VMFS\t\"vm-flat.vmdk\""),
            "unknown" => text.Replace("# Extent description", "isNativeSnapshot=\"no\"\ntools.syncTime = \"FALSE\"\nsome free text a tool left\n# Extent description"),
            _ => text.Replace("\n# Extent", "\n   \t\n    # an indented comment\n# Extent"),
        };
        File.WriteAllText(s["vm.vmdk"], text);
        Assert.Equal(expected, Content(s["vm.vmdk"]));
        Assert.True(DiskImage.Check(s["vm.vmdk"]).IsHealthy, variant);
        Tool.Ok("qemu-img", "compare", "-f", "vmdk", "-F", "raw", s["vm.vmdk"], s["vm-flat.vmdk"]);
    }

    [Theory]
    [InlineData("renamed.vmdk")]
    [InlineData("no-extension")]
    public void ARenamedMonolithicSparseImageOpensAsItself(string newName)
    {
        using var s = new Scratch();
        using (DiskImage.Create(s["orig.vmdk"], DiskFormat.VmdkSparse, 4 * Sizes.MiB)) { }
        Fill(s["orig.vmdk"]);
        var expected = Content(s["orig.vmdk"]);
        File.Move(s["orig.vmdk"], s[newName]);
        Assert.Equal(DiskFormat.VmdkSparse, DiskImage.Detect(s[newName]));
        Assert.Equal(expected, Content(s[newName]));
        Assert.True(DiskImage.Check(s[newName]).IsHealthy);
        Assert.Equal([s[newName]], DiskImage.Inspect(s[newName]).Chain.Single().Files);
        Tool.Ok("qemu-img", "check", "-f", "vmdk", s[newName]);
    }
}
