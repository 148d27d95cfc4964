namespace Failback.Engine.Ports.Arm;

/// <summary>Azure's two deployment models; a VM and its network must share one (PS-2).</summary>
public enum DeploymentModel { Classic, ResourceManager }
