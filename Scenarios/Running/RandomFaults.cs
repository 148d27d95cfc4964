using Failback.Simulators.Kernel;

namespace Failback.Scenarios.Running;

/// <summary>
/// Random fault rules for <c>drill explore</c>, drawn from the fault vocabulary with a stream of the
/// seed, so <c>drill replay --seed N --faults random</c> arms exactly the same ones.
/// </summary>
public static class RandomFaults
{
    private static readonly string[] VCenterFaults = ["NoPermission", "InvalidState", "ResourceInUse", "InsufficientResourcesFault", "NotFound", "HostNotConnected", "InaccessibleDatastore"];
    private static readonly string[] VCenterOperations = ["*", "Login", "PowerOnVM_Task", "PowerOffVM_Task", "CreateSnapshot_Task", "RemoveAllSnapshots_Task", "RelocateVM_Task", "Destroy_Task", "ReconfigVM_Task"];
    private static readonly string[] AzureFaults = ["429", "500", "Conflict", "OperationFailed"];
    private static readonly string[] AzureOperations = ["*", "put", "delete", "start", "powerOff", "beginGetAccess", "endGetAccess", "get"];
    private static readonly string[] NetworkObjects = ["*", "vpn:s2s", "azure-backbone", "internet:onprem"];

    public static IReadOnlyList<FaultRule> For(ulong seed)
    {
        var choices = new SeededChoices(seed).Stream("explore.faults");
        var count = choices.Next(1, 4);
        var rules = new List<FaultRule>();
        for (var i = 0; i < count; i++)
        {
            var delayOnly = choices.Chance(0.25);
            // Most rules hit the vCenter; some hit Azure's ARM or a link of the network, as the kernel's fault rules can,
            // and some crash the process servers or the configuration server for a while.
            var target = choices.Next(0, 5) switch { 0 => "azure", 1 => "network", 2 => World.ComponentFaults.Target, _ => "vcenter" };
            if (target == World.ComponentFaults.Target)
            {
                var from = TimeSpan.FromMinutes(choices.Next(0, 60));
                var component = choices.Chance(0.3) ? World.ComponentFaults.ConfigurationServer : World.ComponentFaults.ProcessServer;
                rules.Add(new FaultRule
                {
                    Name = $"random-{i + 1}",
                    Target = target,
                    Operation = component,
                    Fault = World.ComponentFaults.Crash,
                    Probability = Math.Round(0.3 + choices.NextDouble() * 0.7, 2),
                    From = from,
                    Until = from + TimeSpan.FromMinutes(choices.Next(5, 61)),
                });
                continue;
            }
            if (target != "vcenter")
            {
                rules.Add(new FaultRule
                {
                    Name = $"random-{i + 1}",
                    Target = target,
                    Operation = target == "azure" ? choices.Pick(AzureOperations) : choices.Pick(["check", "transfer"]),
                    Object = target == "azure" ? "*" : choices.Pick(NetworkObjects),
                    Fault = delayOnly ? null : target == "azure" ? choices.Pick(AzureFaults) : "partition",
                    Delay = delayOnly ? TimeSpan.FromSeconds(choices.Next(1, 600)) : TimeSpan.Zero,
                    Probability = Math.Round(0.1 + choices.NextDouble() * 0.5, 2),
                    Count = choices.Next(1, 4),
                    From = TimeSpan.FromMinutes(choices.Next(0, 60)),
                });
                continue;
            }
            rules.Add(new FaultRule
            {
                Name = $"random-{i + 1}",
                Target = "vcenter",
                Operation = choices.Pick(VCenterOperations),
                Fault = delayOnly ? null : choices.Pick(VCenterFaults),
                Delay = delayOnly ? TimeSpan.FromSeconds(choices.Next(1, 600)) : TimeSpan.Zero,
                Probability = Math.Round(0.1 + choices.NextDouble() * 0.5, 2),
                Count = choices.Next(1, 4),
                From = TimeSpan.FromMinutes(choices.Next(0, 60)),
            });
        }
        return rules;
    }
}
