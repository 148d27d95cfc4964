using Failback.Engine.Ports.Arm;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// The failed-over VM in Azure: running (78093), able to reach the configuration server with the
/// InMage Scout service up (95226), its deployment model, network and subscription (PS-2, PS-3).
/// </summary>
public sealed record AzureVmFacts(
    bool Running,
    bool ReachesConfigurationServer,
    DeploymentModel Model,
    string Network,
    string Subscription);
