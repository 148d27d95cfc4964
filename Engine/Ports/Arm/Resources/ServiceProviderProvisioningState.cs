namespace Failback.Engine.Ports.Arm.Resources;

public enum ServiceProviderProvisioningState { NotProvisioned, Provisioning, Provisioned }
