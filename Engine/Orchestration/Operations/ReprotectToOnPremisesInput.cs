using Failback.Engine.Orchestration.Items;

namespace Failback.Engine.Orchestration.Operations;

/// <summary>
/// Reprotect a failed-over machine from Azure to on-premises (RP-1): the on-premises master target and
/// the process server that sends the data back (RP-2), the datastore for new disks, required even when
/// the disks exist (RP-3), and the master target's retention volume (RP-4). The failback policy is
/// chosen automatically (RP-5). <paramref name="RunAsAccountId"/> is ASR's runAsAccountId: the configuration server's
/// account for the master target's vCenter (null: the account that server is discovered with).
/// </summary>
public sealed record ReprotectToOnPremisesInput(string MasterTarget, string ProcessServer, string Datastore, string RetentionVolume,
    string? RunAsAccountId = null)
    : ReprotectInput
{
    public override ReplicationDirection Direction => ReplicationDirection.AzureToOnPremises;
}
