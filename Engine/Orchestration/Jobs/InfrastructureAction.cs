namespace Failback.Engine.Orchestration.Jobs;

/// <summary>
/// What an engineer does to the configuration server's fabric that runs as a job, as ASR runs it (the job list shows
/// these beside the protected items' operations): add a vCenter, register a process server or master target, refresh.
/// </summary>
public enum InfrastructureAction
{
    /// <summary>Add vCenter server: the configuration server logs in with an account and discovers the VMs.</summary>
    AddVCenter,
    /// <summary>A process server (on-premises, or deployed in Azure) registers with the configuration server and is listed.</summary>
    RegisterProcessServer,
    /// <summary>A master target registers with the configuration server and its retention drive is listed.</summary>
    RegisterMasterTarget,
    /// <summary>Refresh server: the configuration server discovers its vCenters again.</summary>
    RefreshConfigurationServer,
}
