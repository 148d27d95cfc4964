namespace Failback.Engine.Ports.Arm.Resources;

public enum ConnectionType { IPsec, ExpressRoute }
