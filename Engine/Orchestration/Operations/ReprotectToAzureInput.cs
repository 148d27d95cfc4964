using Failback.Engine.Orchestration.Items;

namespace Failback.Engine.Orchestration.Operations;

/// <summary>
/// Reprotect a failed-back machine to Azure, naming the process server that sends its data (CM-2) and ASR's
/// runAsAccountId (the account for the machine's vCenter; null: the one it is discovered with).
/// </summary>
public sealed record ReprotectToAzureInput(string ProcessServer, string? RunAsAccountId = null) : ReprotectInput
{
    public override ReplicationDirection Direction => ReplicationDirection.OnPremisesToAzure;
}
