using System.Diagnostics;
using Failback.Engine.Components;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Ports;
using Failback.Engine.Vault;
using Failback.Engine.Tests.Cycle;
using SQLitePCL;

namespace Failback.Engine.Tests.Replication;

/// <summary>
/// The whole vault as a process of its own, for the crash test of failover and reprotect:
/// <c>cycle-host KILL-AT PLANT</c> (PLANT: none, database-sync-off or drop-item-updates) builds a <see cref="CycleWorld"/> and runs the cycle (enable, failover, commit,
/// reprotect to on-premises, failback, commit, reprotect to Azure). It prints <c>root DIR</c> first; <c>state S</c>
/// after each transition of the item; and once an operation returned its job to the caller (the acknowledgement),
/// <c>ended JOB STATE</c> and <c>item S</c>. Kill points are the configuration database's writes, taken from SQLite's
/// own hooks on the engine's connection: every row change (<c>update TABLE</c>, inside its transaction) and every
/// commit (<c>commit</c>, before it is written). Without KILL-AT the run lists them as <c>point N OPERATION LABEL</c>,
/// OPERATION being the one in progress (the last one started, while its replication runs on).
/// </summary>
public static class CycleCrashHost
{
    private static long _killAt;
    private static long _events;
    private static string _phase = "set-up";
    // Kept alive: SQLite calls them from native code for as long as the connection lives.
    private static delegate_update? _onUpdate;
    private static delegate_commit? _onCommit;

    public static int Run(string[] args)
    {
        if (args.Length != 3 || !long.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out _killAt) || args[2] is not ("none" or "database-sync-off" or "drop-item-updates"))
        {
            Console.Error.WriteLine("usage: Engine.Tests cycle-host KILL-AT none|database-sync-off|drop-item-updates (a test project; run it with dotnet test)");
            return 2;
        }
        using var w = new CycleWorld();
        Console.Out.WriteLine($"root {w.Root}");
        w.Run(async () =>
        {
            await w.SetUpAsync();
            var v = w.Vault;
            if (args[2] == "database-sync-off") CrashHost.SyncOff(v.ConfigurationServer.Database);
            if (args[2] == "drop-item-updates") DropItemUpdates(v);
            Hook(v.ConfigurationServer.Database);
            v.Orchestrator.ItemChanged += item => Console.Out.WriteLine($"state {item.State}");
            var id = v.Items.Single().Id;
            _phase = "enable";
            await Acknowledged(v, id, v.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem")));
            await v.WaitForInitialReplicationAsync(id);
            WholeCycleTests.Write(v.GuestDisks(id)![0], 0, 8192, 1);
            await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
            _phase = "failover";
            await Acknowledged(v, id, v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
            _phase = "commit";
            await Acknowledged(v, id, v.CommitAsync(id));
            _phase = "reprotect-to-on-premises";
            await Acknowledged(v, id, v.ReprotectAsync(id, WholeCycleTests.Back));
            await v.WaitForInitialReplicationAsync(id);
            await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
            _phase = "failback";
            await Acknowledged(v, id, v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
            _phase = "commit-on-premises";
            await Acknowledged(v, id, v.CommitAsync(id));
            _phase = "reprotect-to-azure";
            await Acknowledged(v, id, v.ReprotectAsync(id, new ReprotectToAzureInput("ps-onprem")));
            Console.Out.WriteLine($"item {v.Item(id).State}");
        });
        return 0;
    }

    /// <summary>The planted fault: the item's transitions are no longer written to the database (the vault's recorder unsubscribed).</summary>
    private static void DropItemUpdates(SiteRecoveryVault v)
    {
        var configuration = typeof(SiteRecoveryVault).GetField("_configuration", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(v)!;
        v.Orchestrator.ItemChanged -= (Action<Failback.Engine.Orchestration.Items.ProtectedItem>)Delegate.CreateDelegate(typeof(Action<Failback.Engine.Orchestration.Items.ProtectedItem>), configuration, "RecordState");
    }

    private static async Task Acknowledged(SiteRecoveryVault v, string id, Task<Job> operation)
    {
        var job = await operation;
        if (job.State != JobState.Succeeded) throw new InvalidOperationException($"{job.Id} ({job.Operation}) ended {job.State}: {string.Join("; ", job.Errors)}");
        Console.Out.WriteLine($"ended {job.Id} {job.State}");
        Console.Out.WriteLine($"item {v.Item(id).State}");
    }

    /// <summary>Kill points at the database's row changes and commits, through SQLite's hooks on the engine's connection.</summary>
    private static void Hook(ConfigurationDatabase database)
    {
        var handle = CrashHost.Connection(database).Handle!;
        _onUpdate = (_, _, _, table, _) => KillPoint($"update {table.utf8_to_string()}");
        _onCommit = _ =>
        {
            KillPoint("commit");
            return 0;
        };
        raw.sqlite3_update_hook(handle, _onUpdate, null);
        raw.sqlite3_commit_hook(handle, _onCommit, null);
    }

    private static void KillPoint(string label)
    {
        ++_events;
        if (_killAt == 0) Console.Out.WriteLine($"point {_events} {_phase} {label}");
        if (_events != _killAt) return;
        Console.Out.Flush();
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }
}
