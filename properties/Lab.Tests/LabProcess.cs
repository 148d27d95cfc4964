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

    public static LabProcess Start(string labsFolder, int port)
    {
        var lab = Path.Combine(AppContext.BaseDirectory, "Lab.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { lab, "serve", "--dir", labsFolder, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(60)) || line.Result is null || !line.Result.Contains("serving", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"the lab host did not start: {line.Result} {process.StandardError.ReadToEnd()}");
        }
        return new LabProcess(process, port);
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
