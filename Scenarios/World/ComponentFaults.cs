using Failback.Simulators.Kernel;

namespace Failback.Scenarios.World;

/// <summary>
/// Fault rules that crash a component of the vault rather than fail a call: a process server's or the configuration
/// server's services stop when the rule is armed and start again when its window ends (or stay down). The engine
/// consults no fault plan, so the harness plays these on the kernel's clock, as an operator's power button would.
/// </summary>
public static class ComponentFaults
{
    public const string Target = "component";
    public const string ProcessServer = "process-server";
    public const string ConfigurationServer = "configuration-server";
    public const string Crash = "crash";

    public static FaultSite Site { get; } = new(Target, [ProcessServer, ConfigurationServer], [Crash]);

    /// <summary>Arms <paramref name="rule"/> in <paramref name="world"/>: a component rule is played on the clock, any other goes to the fault plan.</summary>
    public static void Arm(DrillWorld world, FaultRule rule)
    {
        var sim = world.Simulation;
        if (rule.Target != Target)
        {
            sim.Faults.Add(rule);
            return;
        }
        // Drawn when armed, from the seed: whether this window hits at all.
        if (rule.Probability < 1 && !sim.Choices.Stream($"component.{rule.Name}").Chance(rule.Probability)) return;
        TimeSpan Until(TimeSpan at) => at > sim.Clock.Elapsed ? at - sim.Clock.Elapsed : TimeSpan.Zero;
        sim.Spawn($"component-fault {rule.Name}", async () =>
        {
            await Task.Delay(Until(rule.From ?? TimeSpan.Zero), sim.Clock);
            var vault = world.Vault;
            var servers = FaultPlan.Matches(rule.Operation, ProcessServer)
                ? vault?.ProcessServers.Where(p => FaultPlan.Matches(rule.Object, p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList() ?? []
                : [];
            // The configuration server crashes only while it runs (a lost one has nothing to stop, and is not restarted here).
            var configurationServer = vault is { ConfigurationServerRunning: true } && FaultPlan.Matches(rule.Operation, ConfigurationServer)
                && FaultPlan.Matches(rule.Object, vault.Settings.ConfigurationServerName) ? vault.Settings.ConfigurationServerName : null;
            foreach (var ps in servers)
            {
                ps.StopServices();
                sim.Trace.Emit(Target, "process-server.crashed", ("server", ps.Name), ("rule", rule.Name));
            }
            if (configurationServer is not null)
            {
                vault!.StopConfigurationServer();
                sim.Trace.Emit(Target, "configuration-server.crashed", ("server", configurationServer), ("rule", rule.Name));
            }
            if (rule.Until is not { } until) return;
            await Task.Delay(Until(until), sim.Clock);
            foreach (var ps in servers)
            {
                ps.StartServices();
                sim.Trace.Emit(Target, "process-server.restarted", ("server", ps.Name), ("rule", rule.Name));
            }
            if (configurationServer is not null)
            {
                await vault!.StartConfigurationServerAsync();
                sim.Trace.Emit(Target, "configuration-server.restarted", ("server", configurationServer), ("rule", rule.Name));
            }
        });
    }
}
