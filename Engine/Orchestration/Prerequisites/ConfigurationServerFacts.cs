using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// What PRE-6 asks of the configuration server: running on-premises (not lost with its VM or database),
/// and the machine in its database (a server restored from a backup older than the protection lacks it).
/// </summary>
public sealed record ConfigurationServerFacts(bool OnPremises, bool ItemInDatabase, bool Running = true)
{
    /// <summary>The PRE-6 error these facts make for <paramref name="item"/>, or null when the server can take part.</summary>
    public AsrError? Refusal(ProtectedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!Running)
            return ErrorCatalog.ConfigurationServer.Create("the configuration server is down (its services stopped, or its VM or database is lost); start it, or restore it from its backup with the same IP address");
        if (!OnPremises) return ErrorCatalog.ConfigurationServer.Create("the configuration server is not on-premises");
        return ItemInDatabase ? null : ErrorCatalog.ConfigurationServer.Create(
            $"'{item.Name}' is not in the configuration server's database (it was protected after the database's backup was taken, or removed from it)");
    }
}
