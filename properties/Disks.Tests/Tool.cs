using System.Diagnostics;

namespace Failback.Disks.Tests;

/// <summary>Runs qemu-img, qemu-io, blkid and mkfs.* as the outside judges. A missing tool fails the test.</summary>
internal static class Tool
{
    public static (int Code, string Out, string Err) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
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

/// <summary>A scratch folder per test, removed afterwards.</summary>
internal sealed class Scratch : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("disks-test-").FullName;

    public string this[string name] => Path.Combine(Dir, name);

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
