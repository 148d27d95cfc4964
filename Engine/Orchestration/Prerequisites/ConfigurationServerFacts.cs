namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>What PRE-6 asks of the configuration server: on-premises, and the machine in its database.</summary>
public sealed record ConfigurationServerFacts(bool OnPremises, bool ItemInDatabase);
