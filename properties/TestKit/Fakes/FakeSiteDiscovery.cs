using Failback.Engine.Ports.Arm;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Prerequisites;
using Failback.Engine.Orchestration.Services;
using Failback.Engine.Ports;

namespace Failback.TestKit.Fakes;

/// <summary>Discovery as a test double: a healthy site by default (<see cref="Healthy"/>), which a test bends with <see cref="Failback"/>.</summary>
public sealed class FakeSiteDiscovery(TimeProvider time) : ISiteDiscovery
{
    /// <summary>How long a discovery takes in virtual time.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(30);
    public Func<ProtectedItem, FailbackEnvironment, FailbackEnvironment> Failback { get; set; } = (_, env) => env;
    public ForwardEnvironment Forward { get; set; } = new(new(true, true), HealthyAzureProcessServer);
    public ConfigurationServerFacts ConfigurationServer { get; set; } = new(OnPremises: true, ItemInDatabase: true);
    public int Calls { get; private set; }

    public static ProcessServerFacts HealthyAzureProcessServer { get; } =
        new("ps-azure-1", Site.Azure, Running: true, Heartbeat: true, DeploymentModel.ResourceManager, "vnet-recovery", "sub-1");

    public static MasterTargetFacts HealthyMasterTarget { get; } = new()
    {
        Name = "mt-1",
        HostName = "esxi-1",
        ReachableDatastores = new HashSet<string>(["datastore1", "datastore2"], StringComparer.Ordinal),
        Volumes = [new VolumeFacts("C:", "NTFS", 100L << 30, IsCacheVolume: true), new VolumeFacts("R:", "NTFS", 1L << 40)],
    };

    public static FailbackEnvironment Healthy(ProtectedItem item) => new()
    {
        ConfigurationServer = new(OnPremises: true, ItemInDatabase: true),
        Connectivity = new(AzureNetworkExists: true, SiteLink.Vpn, LinkOnVmNetwork: true, ExpressRoutePublicPeering: false),
        AzureVm = new(Running: true, ReachesConfigurationServer: true, DeploymentModel.ResourceManager, "vnet-recovery", "sub-1"),
        VCenter = new("vcenter-1", Discovered: true, CanDiscoverVms: true, CanListDatastores: true),
        OriginalVm = item.Kind == MachineKind.VmwareVm ? new(item.Name, "datastore1", ManagedByVCenter: true, HasSnapshots: false) : null,
        MasterTarget = HealthyMasterTarget,
        ProcessServer = HealthyAzureProcessServer,
    };

    public async Task<FailbackEnvironment> DescribeFailbackAsync(ProtectedItem item, ReprotectToOnPremisesInput input, CancellationToken cancellationToken)
    {
        Calls++;
        await time.Delay(Delay, cancellationToken);
        return Failback(item, Healthy(item));
    }

    public async Task<ForwardEnvironment> DescribeForwardAsync(ProtectedItem item, string processServer, CancellationToken cancellationToken)
    {
        Calls++;
        await time.Delay(Delay, cancellationToken);
        return Forward;
    }

    /// <summary>Answers at once: only failing back asks it, and its timing is not what tests of failover measure.</summary>
    public Task<ConfigurationServerFacts> DescribeConfigurationServerAsync(ProtectedItem item, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(ConfigurationServer);
    }

    /// <summary>The on-premises vCenter failing back acts through; null (none) unless a test sets it.</summary>
    public VCenterFacts? OnPremisesVCenter { get; set; }

    public Task<VCenterFacts?> DescribeOnPremisesVCenterAsync(ProtectedItem item, CancellationToken cancellationToken) => Task.FromResult(OnPremisesVCenter);
}
