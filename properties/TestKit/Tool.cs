using System.Diagnostics;

namespace Failback.TestKit;

/// <summary>Runs qemu-img, qemu-io, blkid and mkfs.* as the outside judges. A missing tool fails the test.</summary>
public static class Tool
{
    /// <summary>Runs <paramref name="file"/> to its end; both streams are drained at once so neither fills and blocks.</summary>
    public static (int Code, string Out, string Err) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // The mkfs tools live in sbin, which a test runner's PATH may lack.
        psi.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:" + Environment.GetEnvironmentVariable("PATH");
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    /// <summary>Runs and requires exit code 0.</summary>
    public static string Ok(string file, params string[] args)
    {
        var (code, stdout, stderr) = Run(file, args);
        if (code != 0) throw new Xunit.Sdk.XunitException($"{file} {string.Join(' ', args)} exited {code}:\n{stdout}\n{stderr}");
        return stdout;
    }
}
