using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Rules;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>The configuration server's part in every operation it drives (PRE-6).</summary>
internal static class ConfigurationServerChecks
{
    /// <summary>Null when the server runs on-premises with <paramref name="item"/> in its database.</summary>
    [RuleCheck("PRE-6")]
    public static AsrError? TakesPart(ProtectedItem item, ConfigurationServerFacts server)
    {
        if (!server.Running)
            return ErrorCatalog.ConfigurationServer.Create("the configuration server is down (its services stopped, or its VM or database is lost); start it, or restore it from its backup with the same IP address");
        if (!server.OnPremises) return ErrorCatalog.ConfigurationServer.Create("the configuration server is not on-premises");
        return server.ItemInDatabase ? null : ErrorCatalog.ConfigurationServer.Create(
            $"'{item.Name}' is not in the configuration server's database (it was protected after the database's backup was taken, or removed from it)");
    }
}
