using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Ports;
using Failback.Scenarios.Running;
using Failback.Scenarios.World;
using Failback.Simulators.Kernel;

namespace Runbook.Tests;

/// <summary>
/// The harness as a user drives it: a world built from world.yaml's topology, brought through the vault's API to
/// the state the runbook starts from (protected to Azure, failed over, committed, reprotected back to on-premises).
/// </summary>
public static class RunbookWorld
{
    public const string Vm = "app-01";

    /// <summary>Runs <paramref name="body"/> on a world ready to fail back, with <paramref name="faults"/> armed from then on.</summary>
    public static T Run<T>(ulong seed, IEnumerable<FaultRule> faults, Func<DrillWorld, string, Task<T>> body) =>
        Run(seed, FromFile(), faults, body);

    /// <summary>The same on a world built from <paramref name="topology"/> (one in code, or generated: <c>Topologies.FailbackReady</c>).</summary>
    public static T Run<T>(ulong seed, Topology topology, IEnumerable<FaultRule> faults, Func<DrillWorld, string, Task<T>> body)
    {
        using var folder = new RunFolder(keep: false);
        using var sim = new Simulation(new SimulationOptions { Seed = seed });
        T result = default!;
        sim.Run(async () => result = await InWorldAsync(sim, folder, topology, faults, body));
        return result;
    }

    /// <summary>The same under another scheduler (Coyote's TestingEngine), which then explores the world's interleavings.</summary>
    public static async Task<T> RunHostedAsync<T>(ulong seed, IEnumerable<FaultRule> faults, Func<DrillWorld, string, Task<T>> body)
    {
        using var folder = new RunFolder(keep: false);
        using var sim = new Simulation(new SimulationOptions { Seed = seed, Hosted = true });
        T result = default!;
        await sim.RunHostedAsync(async () => result = await InWorldAsync(sim, folder, FromFile(), faults, body));
        return result;
    }

    /// <summary>The on-premises host refuses to power on the next <paramref name="count"/> VMs, as a host short of memory does.</summary>
    public static FaultRule HostOutOfMemory(int count) =>
        new() { Target = "vcenter", Operation = "PowerOnVM_Task", Fault = "InsufficientResourcesFault", Count = count };

    private static Topology FromFile() => BoundScenario.Load(Path.Combine(AppContext.BaseDirectory, "world.yaml")).Topology;

    private static async Task<T> InWorldAsync<T>(Simulation sim, RunFolder folder, Topology topology, IEnumerable<FaultRule> faults, Func<DrillWorld, string, Task<T>> body)
    {
        using var world = await DrillWorld.BuildAsync(sim, folder, topology);
        var vault = world.Vault!;
        var id = world.ItemId(Vm);
        Succeeded(await vault.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem")));
        await vault.WaitForInitialReplicationAsync(id);
        await sim.Clock.Delay(TimeSpan.FromMinutes(6));
        Succeeded(await vault.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
        Succeeded(await vault.CommitAsync(id));
        // As in ASR, the Azure VM's agent re-registers with the configuration server up to 15 minutes after it boots
        // (reprotect fails with 95226 until then): a runbook waits for it.
        await sim.Clock.Delay(TimeSpan.FromMinutes(15));
        Succeeded(await vault.ReprotectAsync(id, new ReprotectToOnPremisesInput("mt-01", "ps-azure", "DS1", "R:")));
        await vault.WaitForInitialReplicationAsync(id);
        await sim.Clock.Delay(TimeSpan.FromMinutes(6));
        foreach (var fault in faults) sim.Faults.Add(fault);
        return await body(world, id);
    }

    private static void Succeeded(Job job)
    {
        if (job.State != JobState.Succeeded)
            throw new InvalidOperationException($"setting up the world: {job.Operation} ended {job.State}: {string.Join("; ", job.Errors)}");
    }
}
