using Failback.Engine.Ports.Arm;
using Failback.Engine.Orchestration.Items;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// The process server named for failback: where it runs (CYC-2), running (PRE-5), its heartbeat to the
/// configuration server on port 443 (TS-5), its deployment model (PS-2), network and subscription (PS-3).
/// </summary>
public sealed record ProcessServerFacts(
    string Name,
    Site Location,
    bool Running,
    bool Heartbeat,
    DeploymentModel Model,
    string Network,
    string Subscription);
