using System.Diagnostics;

namespace Failback.Azure.Tests;

/// <summary>qemu-img, the outside judge of every VHD the simulated Azure writes.</summary>
public static class Qemu
{
    public static (int Code, string Output) Img(params string[] args)
    {
        var start = new ProcessStartInfo("qemu-img") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("qemu-img did not start; install qemu-utils.");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    /// <summary>Asserts the fixed VHD at <paramref name="vhd"/> holds exactly <paramref name="expected"/> (a raw image of its virtual size).</summary>
    public static void AssertVhdEquals(string vhd, byte[] expected)
    {
        var raw = Path.ChangeExtension(Path.GetTempFileName(), ".raw");
        try
        {
            File.WriteAllBytes(raw, expected);
            var (code, output) = Img("compare", "-f", "vpc", "-F", "raw", vhd, raw);
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
            var (code, output) = Img("info", "-f", "vpc", "--output=json", file);
            Assert.True(code == 0, output);
            Assert.Contains($"\"virtual-size\": {length - 512}", output);
        }
        return files.Length;
    }
}
