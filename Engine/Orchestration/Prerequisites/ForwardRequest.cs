namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>What a protection-to-Azure prerequisite check judges: the process server named and the sites as discovery found them.</summary>
internal sealed record ForwardRequest(string ProcessServer, ForwardEnvironment Environment);
