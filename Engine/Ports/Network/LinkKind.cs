namespace Failback.Engine.Ports.Network;

/// <summary>What a link of a network path is: what the engine tells a site link by (ER-1, ER-2, ER-3).</summary>
public enum LinkKind
{
    /// <summary>A site's own LAN.</summary>
    Lan,
    /// <summary>Inside one Azure virtual network.</summary>
    VirtualNetwork,
    /// <summary>Azure's backbone between its services.</summary>
    Backbone,
    /// <summary>A site's internet connection.</summary>
    Internet,
    /// <summary>A site-to-site VPN connection.</summary>
    Vpn,
    /// <summary>An ExpressRoute circuit's private peering (to virtual networks).</summary>
    ExpressRoutePrivate,
    /// <summary>An ExpressRoute circuit's Microsoft (public) peering (to Azure's public endpoints).</summary>
    ExpressRouteMicrosoft,
}
