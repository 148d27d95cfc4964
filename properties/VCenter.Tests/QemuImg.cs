using System.Diagnostics;

namespace Failback.VCenter.Tests;

/// <summary>The outside judge: <c>qemu-img check</c> and <c>qemu-img info</c> on images the simulator wrote.</summary>
public static class QemuImg
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo("qemu-img") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("qemu-img did not start; install qemu-utils.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }

    /// <summary>Asserts that qemu-img reads the image (and its chain) as consistent.</summary>
    public static void AssertHealthy(string path)
    {
        var (code, output) = Run("check", "-f", "vmdk", path);
        // vmdk: qemu-img check exits 0 when clean; 63 would mean the format cannot be checked.
        Xunit.Assert.True(code == 0, $"qemu-img check {path} exited {code}: {output}");
        var (infoCode, info) = Run("info", "--backing-chain", path);
        Xunit.Assert.True(infoCode == 0, $"qemu-img info {path} exited {infoCode}: {info}");
    }
}
