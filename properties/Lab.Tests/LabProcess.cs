using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Failback.Lab.Tests;

/// <summary>A lab host in a child process (<c>Lab.dll serve</c>) on a free loopback port, to be killed with SIGKILL.</summary>
public sealed class LabProcess : IDisposable
{
    private readonly Process _process;

    private LabProcess(Process process, int port)
    {
        _process = process;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    public static LabProcess Start(string labsFolder, int port, bool https = false)
    {
        var lab = Path.Combine(AppContext.BaseDirectory, "Lab.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { lab, "serve", "--dir", labsFolder, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(a);
        if (https) info.ArgumentList.Add("--https");
        var process = Process.Start(info)!;
        for (var i = 0; ; i++)
        {
            var line = process.StandardOutput.ReadLineAsync();
            if (!line.Wait(TimeSpan.FromSeconds(60)) || line.Result is null || i > 2)
            {
                process.Kill();
                throw new InvalidOperationException($"the lab host did not start: {line.Result} {process.StandardError.ReadToEnd()}");
            }
            if (line.Result.Contains("serving", StringComparison.Ordinal)) break;
        }
        return new LabProcess(process, port);
    }

    /// <summary>Runs <c>Lab.dll ARGS</c> (the <c>drill lab</c> verbs) to its end: exit code, standard output and error.</summary>
    public static (int Exit, string Out, string Error) Cli(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Lab.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120))) process.Kill();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>SIGTERM: the host stops as after Ctrl-C (journals its time, removes its control file).</summary>
    public void Stop()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(60))) KillHard();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed or closed by the process.</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
    }
}
