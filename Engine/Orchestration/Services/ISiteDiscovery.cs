using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Prerequisites;

namespace Failback.Engine.Orchestration.Services;

/// <summary>
/// The facts the prerequisite checks judge, gathered from the ports (vSphere, ARM, network) and the
/// configuration server. Discovery only reads: it never changes either site.
/// </summary>
public interface ISiteDiscovery
{
    Task<FailbackEnvironment> DescribeFailbackAsync(ProtectedItem item, ReprotectToOnPremisesInput input, CancellationToken cancellationToken);

    Task<ForwardEnvironment> DescribeForwardAsync(ProtectedItem item, string processServer, CancellationToken cancellationToken);

    /// <summary>The configuration server as failing over to on-premises needs it (PRE-6).</summary>
    Task<ConfigurationServerFacts> DescribeConfigurationServerAsync(ProtectedItem item, CancellationToken cancellationToken);

    /// <summary>The vCenter (or ESXi host) the item's on-premises VM is on, as failing back needs its account; null when it has none.</summary>
    Task<VCenterFacts?> DescribeOnPremisesVCenterAsync(ProtectedItem item, CancellationToken cancellationToken);
}
