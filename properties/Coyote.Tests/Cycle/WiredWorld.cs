using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Ports;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Replication;
using Microsoft.Coyote.Specifications;
using Failback.Scenarios.World;

namespace Failback.Coyote.Tests.Cycle;

/// <summary>The wired engine (vault, vCenter and Azure simulators, real disk images) hosted under Coyote, and the steps its scenarios share.</summary>
internal static class WiredWorld
{
    public static readonly ReprotectToOnPremisesInput Back = new("mt-01", "ps-azure", "ds1", "R:");

    /// <summary>
    /// Coyote's settings for the wired world: a schedule takes tens of thousands of steps, and real disk and
    /// database I/O can hold one step for a while under load (not a hang).
    /// </summary>
    public static Microsoft.Coyote.Configuration Configuration(uint iterations) =>
        CoyoteRun.Configuration(iterations).WithMaxSchedulingSteps(200_000).WithDeadlockTimeout(10_000);

    /// <summary>Schedules that ran to the scenario's end, by world seed: a schedule cut short (by the step bound) checked nothing, so tests count them.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, int> Completed = new();

    /// <summary>Runs <paramref name="body"/> on a hosted <see cref="CycleWorld"/> (Coyote schedules every task, the kernel's clock the time).</summary>
    public static async Task RunAsync(ulong seed, Func<CycleWorld, Task> body, Action<CycleWorld>? configure = null)
    {
        using var w = new CycleWorld(seed, hosted: true);
        configure?.Invoke(w);
        await w.Sim.RunHostedAsync(async () =>
        {
            await w.SetUpAsync();
            await body(w);
        }, deadline: TimeSpan.FromDays(2));
        Completed.AddOrUpdate(seed, 1, (_, n) => n + 1);
    }

    /// <summary>Explores <paramref name="scenario"/> and asserts every iteration ran to its end.</summary>
    /// <remarks>Each scenario runs its world with its own <paramref name="seed"/>, so tests running at once count apart.</remarks>
    public static void Passes(Xunit.Abstractions.ITestOutputHelper output, string name, ulong seed, uint iterations, Func<Task> scenario)
    {
        AssertWiredWorldRewritten();
        Completed[seed] = 0;
        CoyoteRun.Passes(output, name, Configuration(iterations), scenario);
        Xunit.Assert.True(Completed[seed] == iterations, $"only {Completed[seed]} of {iterations} schedules ran to the scenario's end (raise the step bound?)");
    }

    /// <summary>A choice Coyote makes (and records in its trace), like a schedule.</summary>
    public static int Choose(int count) => Microsoft.Coyote.Random.Generator.Create().NextInteger(count);

    /// <summary>
    /// Protects app-01 to Azure, with the ground truth recording its guest disk from the leg's first write
    /// (so truth write n is the agent's sequence n), and waits for its first recovery points.
    /// </summary>
    public static async Task<(string Id, GroundTruth Truth, IBlockDevice Guest)> ProtectedAsync(CycleWorld w)
    {
        var v = w.Vault;
        var id = v.Items.Single().Id;
        Succeeded(await v.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem")));
        var truth = new GroundTruth(w.Sim.Clock);
        var guest = truth.Record("disk-0", v.GuestDisks(id)![0]);
        await v.WaitForInitialReplicationAsync(id);
        Write(guest, 0, 8192, 1);
        await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
        return (id, truth, guest);
    }

    public static void Write(IBlockDevice disk, long offset, int length, byte seed) => disk.Write(offset, Pattern(length, seed));

    public static byte[] Pattern(int length, byte seed)
    {
        var data = new byte[length];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)(seed * 31 + i);
        return data;
    }

    /// <summary>Every assembly whose tasks run in the wired world must be rewritten, or Coyote reports false deadlocks.</summary>
    public static void AssertWiredWorldRewritten() => CoyoteRun.AssertRewritten(
        typeof(WiredWorld).Assembly, typeof(Engine.Vault.SiteRecoveryVault).Assembly, typeof(Simulators.Kernel.Simulation).Assembly,
        typeof(Simulators.VCenter.VSphereSite).Assembly, typeof(Simulators.Azure.AzureCloud).Assembly, typeof(Stateless.StateMachine<,>).Assembly);

    public static Job Succeeded(Job job)
    {
        Specification.Assert(job.State == JobState.Succeeded, $"job {job.Id} ({job.Operation}) ended {job.State}: {string.Join("; ", job.Errors)}");
        return job;
    }

    /// <summary>The unplanned failover to Azure follows a disaster: the on-premises VM goes down first.</summary>
    public static void Disaster(CycleWorld w) => w.VSphere.SetPowerState(w.App, VirtualMachinePowerState.PoweredOff);
}
