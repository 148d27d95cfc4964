using Failback.Engine.Orchestration.Operations;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// What a failback prerequisite check judges: the reprotect's input (the servers, datastore and retention volume
/// named) and the sites as discovery found them; <paramref name="AtFailover"/> when the failover back repeats the
/// checks of what can change after the reprotect.
/// </summary>
internal sealed record FailbackRequest(ReprotectToOnPremisesInput Input, FailbackEnvironment Environment, bool AtFailover = false);
