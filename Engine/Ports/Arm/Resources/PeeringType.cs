namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>
/// ExpressRoute peerings: private peering reaches virtual networks (ER-1, ER-2); Microsoft (public)
/// peering reaches public endpoints such as storage accounts (ER-3).
/// </summary>
public enum PeeringType { AzurePrivatePeering, AzurePublicPeering, MicrosoftPeering }
