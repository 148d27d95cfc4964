using System.Text.Json;
using Failback.Scenarios.Cli;
using Failback.Simulators.Disks;
using Xunit;

namespace Failback.Disks.Tests;

/// <summary>`drill disk ...` in process: output, JSON and the exit codes 0 / 1 / 2.</summary>
public class DiskCliTests
{
    private static readonly object ConsoleLock = new();

    private static (int Code, string Out, string Err) Drill(params string[] args)
    {
        lock (ConsoleLock)
        {
            var (stdout, stderr) = (Console.Out, Console.Error);
            var o = new StringWriter();
            var e = new StringWriter();
            Console.SetOut(o);
            Console.SetError(e);
            try
            {
                return (Program.Main(args), o.ToString(), e.ToString());
            }
            finally
            {
                Console.SetOut(stdout);
                Console.SetError(stderr);
            }
        }
    }

    [Theory]
    [InlineData("vmdk", "vm.vmdk", "vmdk")]
    [InlineData("vmdk-sparse", "vm.vmdk", "vmdk-sparse")]
    [InlineData("vhd", "vm.vhd", "vhd")]
    [InlineData("vhd-dynamic", "vm.vhd", "vhd-dynamic")]
    [InlineData("raw", "vm.img", "raw")]
    public void CreateThenInfoAsJson(string format, string name, string reported)
    {
        using var s = new Scratch();
        var (code, stdout, _) = Drill("disk", "create", "--format", format, "--size", "64MiB", s[name]);
        Assert.Equal(0, code);
        Assert.Equal(s[name], stdout.Trim());
        (code, stdout, _) = Drill("disk", "info", s[name], "--json");
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(reported, json.GetProperty("format").GetString());
        Assert.Equal(64 * Sizes.MiB, json.GetProperty("capacity").GetInt64());
        Assert.Equal(0, json.GetProperty("allocatedBytes").GetInt64());
        Assert.Equal(1, json.GetProperty("chain").GetArrayLength());
    }

    [Fact]
    public void AThinHundredGibDiskCostsAlmostNothing()
    {
        using var s = new Scratch();
        Assert.Equal(0, Drill("disk", "create", "--format", "vmdk", "--size", "100GiB", s["big.vmdk"]).Code);
        Assert.Equal(100 * Sizes.GiB, new FileInfo(s["big-flat.vmdk"]).Length);
        var du = Tool.Ok("du", "-k", "--total", s["big.vmdk"], s["big-flat.vmdk"]);
        Assert.True(long.Parse(du.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Split('\t')[0]) < 64, du);
        Tool.Ok("qemu-img", "check", s["big.vmdk"]);
    }

    [Fact]
    public void BadUsageExitsTwoWithAReason()
    {
        using var s = new Scratch();
        var (code, _, err) = Drill("disk", "create", "--format", "vhd", "--size", "1000448", s["x.vhd"]);
        Assert.Equal(2, code);
        Assert.Contains("whole number of MiB", err);
        Assert.DoesNotContain("Parameter", err);
        Assert.False(File.Exists(s["x.vhd"]));
        Assert.Equal(2, Drill("disk", "create", "--format", "qcow2", "--size", "1MiB", s["x"]).Code);
        Assert.Equal(2, Drill("disk", "create", "--format", "vmdk", s["x.vmdk"]).Code);
        Assert.Equal(2, Drill("disk", "create", "--format", "vmdk", "--size", "lots", s["x.vmdk"]).Code);
        Assert.Equal(2, Drill("disk", "check", s["missing.vmdk"]).Code);
        Assert.Equal(2, Drill("disk", "info", s["missing.vmdk"]).Code);
        Assert.Equal(2, Drill("disk", "frobnicate").Code);
        Assert.Equal(2, Drill("disk").Code);
    }

    [Fact]
    public void SnapshotPrintsTheChildAndInfoShowsTheChain()
    {
        using var s = new Scratch();
        Drill("disk", "create", "--format", "vmdk", "--size", "8MiB", s["vm.vmdk"]);
        var (code, stdout, _) = Drill("disk", "snapshot", s["vm.vmdk"]);
        Assert.Equal(0, code);
        Assert.Equal(s["vm-000001.vmdk"], stdout.Trim());
        var info = JsonDocument.Parse(Drill("disk", "info", "--json", s["vm-000001.vmdk"]).Out).RootElement;
        Assert.Equal("vmfs-sparse", info.GetProperty("format").GetString());
        Assert.Equal(2, info.GetProperty("chain").GetArrayLength());
        Assert.Equal(info.GetProperty("chain")[1].GetProperty("cid").GetString(), info.GetProperty("chain")[0].GetProperty("parentCid").GetString());
        Assert.Equal(0, Drill("disk", "check", s["vm-000001.vmdk"]).Code);
        Assert.Equal(2, Drill("disk", "snapshot", s["missing.vmdk"]).Code);
        Drill("disk", "create", "--format", "vhd", "--size", "8MiB", s["d.vhd"]);
        var (vhdCode, _, err) = Drill("disk", "snapshot", s["d.vhd"]);
        Assert.Equal(2, vhdCode);
        Assert.Contains("only VMDK disks take vmfsSparse snapshots", err);
    }

    [Fact]
    public void CheckExitsOneAndNamesTheCorruption()
    {
        using var s = new Scratch();
        Drill("disk", "create", "--format", "vhd", "--size", "8MiB", s["d.vhd"]);
        Assert.Equal(0, Drill("disk", "check", s["d.vhd"]).Code);
        using (var f = File.OpenHandle(s["d.vhd"], FileMode.Open, FileAccess.ReadWrite)) RandomAccess.Write(f, new byte[] { 0x42 }, 8 * Sizes.MiB + 100);
        var (code, stdout, _) = Drill("disk", "check", s["d.vhd"]);
        Assert.Equal(1, code);
        Assert.Contains("bad VHD footer checksum", stdout);
    }

    [Fact]
    public void DiffAcrossFormatsListsTheChangedBlocks()
    {
        using var s = new Scratch();
        var data = new byte[3 * Sizes.MiB];
        new Random(9).NextBytes(data);
        using (var raw = DiskImage.Create(s["a.img"], DiskFormat.Raw, 16 * Sizes.MiB)) raw.Write(Sizes.MiB, data);
        using (var vmdk = DiskImage.Create(s["b.vmdk"], DiskFormat.VmdkSparse, 16 * Sizes.MiB)) vmdk.Write(Sizes.MiB, data);
        using (var vhd = DiskImage.Create(s["c.vhd"], DiskFormat.VhdDynamic, 16 * Sizes.MiB))
        {
            vhd.Write(Sizes.MiB, data);
            vhd.Write(5 * Sizes.MiB + 70_000, new byte[] { 1 });
            vhd.Write(15 * Sizes.MiB, new byte[] { 1 });
        }
        Assert.Equal(0, Drill("disk", "diff", s["a.img"], s["b.vmdk"]).Code);
        var (code, stdout, _) = Drill("disk", "diff", s["b.vmdk"], s["c.vhd"], "--json");
        Assert.Equal(1, code);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(2, json.GetProperty("changedCount").GetInt32());
        Assert.Equal([81L, 240L], json.GetProperty("changedBlocks").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(256, json.GetProperty("blocks").GetInt64());
        (code, stdout, _) = Drill("disk", "diff", "--block-size", "1MiB", s["a.img"], s["c.vhd"]);
        Assert.Equal(1, code);
        Assert.Contains("2 of 16 blocks of 1MiB differ: 5,15", stdout);
        Assert.Equal(2, Drill("disk", "diff", s["a.img"], s["nope.img"]).Code);
        Assert.Equal(2, Drill("disk", "diff", "--block-size", "1000", s["a.img"], s["b.vmdk"]).Code);
    }

    private static void AssertOneLine(string err)
    {
        var lines = err.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, err);
        Assert.DoesNotContain("   at ", err);
        Assert.DoesNotContain("\u001b", err);
        Assert.DoesNotContain("\0", err);
    }

    [Fact]
    public void HostileImagesGiveOneClearLineAndExitTwoFromInfoAndDiff()
    {
        using var s = new Scratch();
        Drill("disk", "create", "--format", "vmdk", "--size", "4MiB", s["big.vmdk"]);
        File.WriteAllText(s["big.vmdk"], File.ReadAllText(s["big.vmdk"]).Replace("RW 8192 VMFS", "RW 99999999999999999999 VMFS"));
        Drill("disk", "create", "--format", "vmdk-sparse", "--size", "4MiB", s["cut.vmdk"]);
        using (var f = File.OpenHandle(s["cut.vmdk"], FileMode.Open, FileAccess.ReadWrite)) RandomAccess.SetLength(f, 4096);
        Drill("disk", "create", "--format", "vmdk", "--size", "4MiB", s["esc.vmdk"]);
        File.WriteAllText(s["esc.vmdk"], File.ReadAllText(s["esc.vmdk"]).Replace("createType=\"vmfs\"", "createType=\"\u001b[2Jvm\u0007fs\""));
        foreach (var (image, says) in new[] { ("big.vmdk", "extent size (sectors) is 99999999999999999999"), ("cut.vmdk", "File truncated"), ("esc.vmdk", "\\x1b[2Jvm\\x07fs") })
        {
            var (code, _, err) = Drill("disk", "info", s[image]);
            Assert.Equal(2, code);
            AssertOneLine(err);
            Assert.Contains(says, err);
            (code, _, err) = Drill("disk", "diff", s[image], s[image]);
            Assert.Equal(2, code);
            AssertOneLine(err);
            Assert.Equal(1, Drill("disk", "check", s[image]).Code);
        }
    }

    [Fact]
    public void CheckListsEveryProblemItFinds()
    {
        using var s = new Scratch();
        var path = s["sp.vmdk"];
        Drill("disk", "create", "--format", "vmdk-sparse", "--size", "4MiB", path);
        using (var d = DiskImage.Open(path)) d.Write(0, new byte[200_000].Select((_, i) => (byte)(i | 1)).ToArray());
        var header = new byte[512];
        using (var f = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.Read(f, header, 0);
            var gd = BitConverter.ToInt64(header, 56);
            var gdEntry = new byte[4];
            RandomAccess.Read(f, gdEntry, gd * 512);
            var gt = BitConverter.ToUInt32(gdEntry);
            RandomAccess.Write(f, BitConverter.GetBytes(9_000_000u), gt * 512L + 4);  // grain 1 past the end
            RandomAccess.Write(f, BitConverter.GetBytes(9_000_001u), gt * 512L + 8);  // grain 2 past the end
        }
        var (code, stdout, _) = Drill("disk", "check", path);
        Assert.Equal(1, code);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Contains(lines, l => l.Contains("grain 1 (disk sector 128)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("grain 2 (disk sector 256)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("[GrainDirectoryMismatch]", StringComparison.Ordinal)); // the redundant copy no longer agrees
        Assert.All(lines, l => Assert.StartsWith("corrupt: ", l));
    }

    [Theory]
    [InlineData("vhd-dynamic", "2041GiB", "past the largest VhdDynamic disk, 2040GiB")]
    [InlineData("vmdk-sparse", "3TiB", "past the largest VmdkSparse disk, 2040GiB")]
    [InlineData("vmdk", "63TiB", "past the largest Vmdk disk, 62TiB")]
    [InlineData("raw", "9999999TiB", "is not a size")]
    public void CreatePastAFormatsLimitExitsTwoAndLeavesNoFile(string format, string size, string says)
    {
        using var s = new Scratch();
        var (code, _, err) = Drill("disk", "create", "--format", format, "--size", size, s["d.img"]);
        Assert.Equal(2, code);
        AssertOneLine(err);
        Assert.Contains(says, err);
        Assert.Empty(Directory.GetFileSystemEntries(s.Dir));
    }
}
