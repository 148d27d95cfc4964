namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// What PRE-6 asks of the configuration server: running on-premises (not lost with its VM or database),
/// and the machine in its database (a server restored from a backup older than the protection lacks it).
/// </summary>
public sealed record ConfigurationServerFacts(bool OnPremises, bool ItemInDatabase, bool Running = true);
