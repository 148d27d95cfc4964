using System.Diagnostics;
using Failback.Engine.Components;
using Failback.Simulators.Disks;
using Xunit;

namespace Failback.Engine.Tests.Replication;

public class CrashRecoveryTests
{
    private static Process StartHost(string dir, int writes, int firstBlock)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", typeof(CrashHost).Assembly.Location, "crash-host", dir, writes.ToString(System.Globalization.CultureInfo.InvariantCulture), firstBlock.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    private static int Ack(string line) => int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void KillingTheEngineDuringReplicationAndRestartingFromItsDatabaseLosesNoAcknowledgedWrite()
    {
        using var dir = new TempDirectory();
        var acked = new List<int>();
        using (var host = StartHost(dir.Path, 3000, 0))
        {
            while (acked.Count < 300 && host.StandardOutput.ReadLine() is { } line)
                if (line.StartsWith("ack ", StringComparison.Ordinal)) acked.Add(Ack(line));
            host.Kill(); // SIGKILL: no cleanup, no flush, mid-replication
            host.WaitForExit();
            acked.AddRange(host.StandardOutput.ReadToEnd().Split('\n').Where(l => l.StartsWith("ack ", StringComparison.Ordinal)).Select(Ack));
            Assert.True(acked.Count >= 300, "the engine died before acknowledging 300 writes: " + host.StandardError.ReadToEnd());
            Assert.True(acked.Count < 3000, "the engine finished before it was killed; the test did not kill it mid-replication");
        }

        // Replication was behind when it died: the database's checkpoint is short of the acknowledged writes.
        using (var db = ConfigurationDatabase.Open(dir.File("cs.db")))
            Assert.True(db.FindPair("pair-1")!.AppliedSequence < acked.Count, $"the target had already applied {db.FindPair("pair-1")!.AppliedSequence} of {acked.Count} writes");

        using (var resumed = StartHost(dir.Path, 20, 2048))
        {
            var output = resumed.StandardOutput.ReadToEnd();
            resumed.WaitForExit();
            Assert.True(resumed.ExitCode == 0, resumed.StandardError.ReadToEnd());
            var summary = output.Split('\n').Single(l => l.StartsWith("initial ", StringComparison.Ordinal));
            Assert.StartsWith("initial DeltaResync", summary);
            var bytes = long.Parse(summary[(summary.IndexOf("bytes=", StringComparison.Ordinal) + 6)..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(bytes, 1, CrashHost.Capacity / 4);
        }

        using var target = DiskImage.Open(dir.File("target.vhd"), writable: false);
        using var source = DiskImage.Open(dir.File("source.vmdk"), writable: false);
        var block = new byte[CrashHost.BlockBytes];
        foreach (var n in acked.Concat(Enumerable.Range(2048, 20)))
        {
            target.Read((long)n * CrashHost.BlockBytes, block);
            Assert.True(block.AsSpan().SequenceEqual(CrashHost.BlockData(n)), $"acknowledged write {n} is missing from the target");
        }
        var a = new byte[CrashHost.Capacity];
        var b = new byte[CrashHost.Capacity];
        source.Read(0, a);
        target.Read(0, b);
        Assert.Equal(a, b);
    }
}
