namespace Failback.Simulators.Azure.Core;

/// <summary>What a gated call is, for the answers that depend on it: the blob service's or ARM's, a read or a write.</summary>
internal readonly record struct AzureCall(bool Storage, bool Write)
{
    private static readonly string[] BlobOperations = ["createContainer", "createBlob", "deleteBlob", "getBlob", "listBlobs", "setBlobMetadata"];
    private static readonly string[] Reads = ["get", "list", "getOperation", "listImages", "getBlob", "listBlobs"];

    public static AzureCall Of(string operation) => new(BlobOperations.Contains(operation), !Reads.Contains(operation));
}
