namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// The path between the Azure network holding the failed-over VM and the on-premises site: the network
/// exists (PRE-2), the link (ER-1) ends on that network (PRE-2, ER-2), ExpressRoute has public
/// peering to reach storage endpoints (ER-3).
/// </summary>
public sealed record ConnectivityFacts(bool AzureNetworkExists, SiteLink Link, bool LinkOnVmNetwork, bool ExpressRoutePublicPeering);
