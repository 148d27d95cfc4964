namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>The connection between the Azure network and the on-premises site (ER-1).</summary>
public enum SiteLink
{
    None,
    Vpn,
    ExpressRoute,
}
