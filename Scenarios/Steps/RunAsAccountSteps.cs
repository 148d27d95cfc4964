using Failback.Scenarios.Language;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Steps;

/// <summary>
/// The configuration server's run-as accounts ("Manage accounts"): <c>add-run-as-account</c> and
/// <c>update-run-as-account</c>; operations name an account with <c>run-as-account</c>. Step results name the
/// account and its user, never its password.
/// </summary>
internal static class RunAsAccountSteps
{
    /// <summary><c>add-run-as-account: {name, user, password}</c>.</summary>
    public static Func<DrillWorld, Task<string>> Add(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        if (topology.Vault is null) throw args.Error(StepBinder.NeedsAzure);
        var name = m.Required("name").AsString();
        topology.Defined.RunAsAccounts.Add(name);
        var user = m.Required("user").AsString();
        var password = m.Optional("password")?.AsString() ?? Topology.Password;
        return world =>
        {
            var account = EngineSteps.Refused(() => world.Vault!.AddRunAsAccount(name, user, password));
            return Task.FromResult($"run-as account {account.AccountId} ({account.AccountName}) for {account.UserName}");
        };
    }

    /// <summary><c>update-run-as-account: {account, user, password}</c>: the servers discovered with it log in again.</summary>
    public static Func<DrillWorld, Task<string>> Update(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        if (topology.Vault is null) throw args.Error(StepBinder.NeedsAzure);
        var name = StepBinder.RunAsAccount(m.Required("account"), topology);
        var user = m.Required("user").AsString();
        var password = m.Optional("password")?.AsString() ?? Topology.Password;
        return async world =>
        {
            var vault = world.Vault!;
            var id = Id(world, name);
            var updated = await EngineSteps.Refused(() => vault.UpdateRunAsAccountAsync(id, user, password));
            return $"run-as account {updated.AccountId} ({updated.AccountName}) now {updated.UserName}";
        };
    }

    /// <summary>The vault's id of the run-as account named <paramref name="name"/> (the engine refuses an unknown one itself).</summary>
    internal static string Id(DrillWorld world, string name) =>
        world.Vault!.RunAsAccounts.FirstOrDefault(a => a.AccountName.Equals(name, StringComparison.OrdinalIgnoreCase))?.AccountId ?? name;
}
