using Failback.Scenarios.World;

namespace Failback.Lab.Portal;

/// <summary>What the re-protect dialog offers, read from the lab's world: process servers, master targets with their
/// eligible retention volumes, datastores, and the configuration server's run-as accounts (by name).</summary>
public sealed record DialogChoices(IReadOnlyList<string> ProcessServers, IReadOnlyList<string> MasterTargets, IReadOnlyList<string> RetentionVolumes, IReadOnlyList<string> Datastores,
    IReadOnlyList<string> RunAsAccounts)
{
    public static DialogChoices None { get; } = new([], [], [], [], []);

    internal static DialogChoices Of(DrillWorld world) => new(
        world.Vault is { } vault ? [.. vault.ProcessServers.Select(p => p.Name)] : [],
        [.. world.MasterTargets.Keys],
        [.. world.MasterTargets.Values.SelectMany(m => m.RetentionCandidates()).Where(c => c.Reasons.Count == 0).Select(c => c.Volume.MountPoint).Distinct()],
        [.. world.Site.Datastores.Select(d => d.Name)],
        world.Vault is { } accounts ? [.. accounts.RunAsAccounts.Select(a => a.AccountName)] : []);
}
