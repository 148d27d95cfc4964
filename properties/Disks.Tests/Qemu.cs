using System.Text.Json;
using Failback.Engine.Ports;

namespace Failback.Disks.Tests;

/// <summary>qemu-img as the judge: format names, compare, check and map parsing.</summary>
internal static class Qemu
{
    public static string FormatOf(Failback.Simulators.Disks.DiskFormat f) => f switch
    {
        Failback.Simulators.Disks.DiskFormat.Raw => "raw",
        Failback.Simulators.Disks.DiskFormat.Vhd or Failback.Simulators.Disks.DiskFormat.VhdDynamic => "vpc",
        _ => "vmdk",
    };

    /// <summary>qemu-img check where qemu can check the format; for VPC (no checks) a strict open instead.</summary>
    public static void Check(string path, string format)
    {
        if (format == "vmdk") Tool.Ok("qemu-img", "check", "-f", "vmdk", path);
        else Tool.Ok("qemu-img", "info", "-f", format, "--output=json", path);
    }

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
