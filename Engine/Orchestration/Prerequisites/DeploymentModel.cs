namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>Azure's two deployment models; a process server must match the recovered VM's (PS-2).</summary>
public enum DeploymentModel
{
    Classic,
    ResourceManager,
}
