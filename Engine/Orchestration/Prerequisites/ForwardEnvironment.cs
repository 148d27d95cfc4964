namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// What the sites look like for protection to Azure (enable protection, or reprotect after failback):
/// the configuration server (PRE-6) and the named process server (CM-2, TS-5), null when not registered.
/// </summary>
public sealed record ForwardEnvironment(ConfigurationServerFacts ConfigurationServer, ProcessServerFacts? ProcessServer);
