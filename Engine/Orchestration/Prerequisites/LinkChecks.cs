using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Rules;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// The path between the failed-over VM's Azure network and the on-premises site. A missing Azure network is PRE-2's
/// alone: the link checks (ER-1..ER-3) judge a link only on a network that exists.
/// </summary>
internal static class LinkChecks
{
    [RuleCheck("ER-1")]
    public static AsrError? SiteConnected(ProtectedItem item, ConnectivityFacts net) =>
        net is { AzureNetworkExists: true, Link: SiteLink.None }
            ? ErrorCatalog.NoSiteConnection.Create("neither a site-to-site VPN nor ExpressRoute connects Azure to the on-premises site")
            : null;

    [RuleCheck("ER-2")]
    public static AsrError? ExpressRouteOnVmNetwork(ProtectedItem item, ConnectivityFacts net) =>
        net is { AzureNetworkExists: true, Link: SiteLink.ExpressRoute, LinkOnVmNetwork: false }
            ? ErrorCatalog.ExpressRouteNetwork.Create("the circuit is not connected to the failed-over VM's virtual network")
            : null;

    [RuleCheck("ER-3")]
    public static AsrError? ExpressRoutePublicPeering(ProtectedItem item, ConnectivityFacts net) =>
        net is { AzureNetworkExists: true, Link: SiteLink.ExpressRoute, ExpressRoutePublicPeering: false }
            ? ErrorCatalog.ExpressRoutePublicPeering.Create("the circuit has no public peering to the target region")
            : null;

    /// <summary>
    /// The Azure network exists and the VPN ends on it; at reprotect also the Azure VM running (78093) and reaching the
    /// configuration server over the link (95226). The failover back repeats the network part only.
    /// </summary>
    [RuleCheck("PRE-2")]
    public static IEnumerable<AsrError> AzureNetworkReachesSite(ProtectedItem item, FailbackRequest request)
    {
        var env = request.Environment;
        if (!env.Connectivity.AzureNetworkExists)
            yield return ErrorCatalog.AzureNetworkMissing.Create("the Azure network of the failed-over VM does not exist");
        else if (env.Connectivity is { Link: SiteLink.Vpn, LinkOnVmNetwork: false })
            yield return ErrorCatalog.AzureNetworkMissing.Create("the VPN does not end on the Azure network that holds the failed-over VM");
        if (request.AtFailover) yield break;
        if (!env.AzureVm.Running)
            yield return ErrorCatalog.AzureVmNotRunning.Create($"the Azure VM of '{item.Name}' is not running");
        else if (!env.AzureVm.ReachesConfigurationServer)
            yield return ErrorCatalog.AzureVmCannotReachConfigurationServer.Create($"the Azure VM of '{item.Name}' cannot reach the configuration server");
    }
}
