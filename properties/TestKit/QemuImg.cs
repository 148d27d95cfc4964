using System.Text.Json;
using Failback.Engine.Ports;
using Failback.Simulators.Disks;
using Xunit;

namespace Failback.TestKit;

/// <summary>qemu-img, the outside judge of every image the simulators write: format names, check, compare and map.</summary>
public static class QemuImg
{
    /// <summary>Runs qemu-img; the exit code and its standard output followed by its standard error.</summary>
    public static (int Code, string Output) Run(params string[] args)
    {
        var (code, stdout, stderr) = Tool.Run("qemu-img", args);
        return (code, stdout + stderr);
    }

    /// <summary>qemu-img's name for a simulated disk format.</summary>
    public static string FormatOf(DiskFormat f) => f switch
    {
        DiskFormat.Raw => "raw",
        DiskFormat.Vhd or DiskFormat.VhdDynamic => "vpc",
        _ => "vmdk",
    };

    /// <summary>qemu-img check where qemu can check the format; for VPC (no checks) a strict open instead.</summary>
    public static void Check(string path, string format)
    {
        if (format == "vmdk") Tool.Ok("qemu-img", "check", "-f", "vmdk", path);
        else Tool.Ok("qemu-img", "info", "-f", format, "--output=json", path);
    }

    /// <summary>Asserts that qemu-img reads the VMDK (and its chain) as consistent.</summary>
    public static void AssertHealthy(string path)
    {
        var (code, output) = Run("check", "-f", "vmdk", path);
        // vmdk: qemu-img check exits 0 when clean; 63 would mean the format cannot be checked.
        Assert.True(code == 0, $"qemu-img check {path} exited {code}: {output}");
        var (infoCode, info) = Run("info", "--backing-chain", path);
        Assert.True(infoCode == 0, $"qemu-img info {path} exited {infoCode}: {info}");
    }

    /// <summary>Asserts the image at <paramref name="path"/> reads as exactly <paramref name="model"/> (a raw image of its virtual size).</summary>
    public static void AssertEqualTo(string path, string format, byte[] model, string dir)
    {
        var raw = Path.Combine(dir, "model-" + Guid.CreateVersion7().ToString("N") + ".raw");
        File.WriteAllBytes(raw, model);
        try
        {
            Tool.Ok("qemu-img", "compare", "-f", format, "-F", "raw", path, raw);
        }
        finally
        {
            File.Delete(raw);
        }
    }

    /// <summary>Asserts the fixed VHD at <paramref name="vhd"/> holds exactly <paramref name="expected"/>.</summary>
    public static void AssertVhdEquals(string vhd, byte[] expected)
    {
        var raw = Path.ChangeExtension(Path.GetTempFileName(), ".raw");
        try
        {
            File.WriteAllBytes(raw, expected);
            var (code, output) = Run("compare", "-f", "vpc", "-F", "raw", vhd, raw);
            Assert.True(code == 0, $"qemu-img compare {vhd}: {output}");
        }
        finally
        {
            File.Delete(raw);
        }
    }

    /// <summary>Asserts every VHD under <paramref name="root"/> is a whole number of MiB plus 512 bytes, as Azure requires.</summary>
    public static int AssertAllVhdsAreAzureSized(string root)
    {
        var files = Directory.GetFiles(root, "*.vhd", SearchOption.AllDirectories);
        foreach (var file in files)
        {
            var length = new FileInfo(file).Length;
            Assert.True(length % (1024 * 1024) == 512, $"{file} is {length} bytes, not N MiB + 512");
            var (code, output) = Run("info", "-f", "vpc", "--output=json", file);
            Assert.True(code == 0, output);
            Assert.Contains($"\"virtual-size\": {length - 512}", output);
        }
        return files.Length;
    }

    /// <summary>The areas qemu-img map says hold data (data and not known-zero), coalesced.</summary>
    public static List<DiskExtent> DataExtents(string path, string format)
    {
        var json = Tool.Ok("qemu-img", "map", "-f", format, "--output=json", path);
        var result = new List<DiskExtent>();
        foreach (var e in JsonDocument.Parse(json).RootElement.EnumerateArray())
        {
            if (!e.GetProperty("data").GetBoolean() || e.GetProperty("zero").GetBoolean()) continue;
            var x = new DiskExtent(e.GetProperty("start").GetInt64(), e.GetProperty("length").GetInt64());
            if (result.Count > 0 && result[^1].End == x.Offset) result[^1] = new DiskExtent(result[^1].Offset, result[^1].Length + x.Length);
            else result.Add(x);
        }
        return result;
    }

    /// <summary>The whole content as qemu reads it (qemu-img convert -O raw).</summary>
    public static byte[] ReadAll(string path, string format, string dir)
    {
        var raw = Path.Combine(dir, "convert-" + Guid.CreateVersion7().ToString("N") + ".raw");
        Tool.Ok("qemu-img", "convert", "-f", format, "-O", "raw", path, raw);
        try
        {
            return File.ReadAllBytes(raw);
        }
        finally
        {
            File.Delete(raw);
        }
    }
}
