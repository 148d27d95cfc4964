using System.Diagnostics;

namespace Failback.Scenarios.Tests;

/// <summary>Named pipes for tests (.NET has no mkfifo): made with coreutils' mkfifo.</summary>
internal static class Fifo
{
    public static int Make(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
