namespace Failback.Engine.Ports.Arm.Resources;

public sealed record ExpressRoutePeering(PeeringType PeeringType, bool Enabled = true);
