using Failback.Engine.Orchestration.Items;
using Failback.Engine.Ports;
using Microsoft.Coyote.Specifications;
using Xunit;
using Xunit.Abstractions;
using static Failback.Coyote.Tests.Cycle.WiredWorld;

namespace Failback.Coyote.Tests.Cycle;

/// <summary>
/// Process-server heartbeats racing the loss of the configuration server and its restore from backup (PRE-6, TS-5),
/// at moments Coyote chooses: a heartbeat never fails with an error (it is simply not recorded while the server is
/// lost), none is recorded while it is lost, both process servers are heard again after the restore, and the
/// protected item keeps replicating throughout.
/// </summary>
public sealed class HeartbeatsRaceConfigurationServerRestoreTests(ITestOutputHelper output)
{
    private const ulong Seed = 23;
    private const uint Iterations = 10;

    internal static Task Scenario() => RunAsync(Seed, async w =>
    {
        var v = w.Vault;
        var clock = w.Sim.Clock;
        var (id, _, guest) = await ProtectedAsync(w);
        var backup = Path.Combine(w.Root, "cs-backup.db");
        v.BackupConfigurationServer(backup);

        var servers = new[] { "ps-onprem", "ps-azure" };
        var heartbeats = servers.Select(ps => w.Sim.Spawn($"{ps}-heartbeats", async () =>
        {
            for (var i = 0; i < 16; i++)
            {
                var sent = await v.HeartbeatAsync(ps);
                Specification.Assert(!sent || v.ConfigurationServerRunning, $"{ps}: a heartbeat was recorded while the configuration server was lost");
                await clock.Delay(TimeSpan.FromSeconds(15));
            }
        })).ToArray();

        await clock.Delay(TimeSpan.FromSeconds(15 * Choose(8)));
        v.LoseConfigurationServer();
        var lost = clock.GetUtcNow();
        Write(guest, 1 << 20, 4096, 5); // the guest keeps writing: replication runs without the configuration server
        await clock.Delay(TimeSpan.FromSeconds(15 * Choose(8)));
        await v.RestoreConfigurationServerAsync(backup, "10.0.9.5");
        var restored = clock.GetUtcNow();
        await Task.WhenAll(heartbeats);

        Specification.Assert(v.ConfigurationServerRunning, "the configuration server is not running after its restore");
        foreach (var ps in servers)
        {
            var last = v.LastHeartbeat(ps);
            Specification.Assert(last is { } t && (t <= lost || t >= restored), $"{ps}: last heartbeat {last:u} falls while the server was lost ({lost:u} to {restored:u})");
            Specification.Assert(last >= restored, $"{ps}: not heard since the restore at {restored:u} (last heartbeat {last:u})");
        }
        Specification.Assert(v.Item(id).State == ProtectionState.Protected, $"the item is {v.Item(id).State} after the restore");
        await clock.Delay(TimeSpan.FromMinutes(6));
        await v.WaitForCatchUpAsync(id);
    });

    [Fact]
    public void PRE6_TS5_HeartbeatsRacingConfigurationServerLossAndRestore_AreRecordedOnlyWhileItRuns_InEveryExploredSchedule() =>
        WiredWorld.Passes(output, "heartbeats race configuration-server restore", Seed, Iterations, Scenario);
}
