namespace Failback.Engine.Orchestration.Items;

/// <summary>Which way data flows while an item is protected (ASR's protection direction).</summary>
public enum ReplicationDirection
{
    OnPremisesToAzure,
    AzureToOnPremises,
}
