namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>
/// Microsoft.Storage/storageAccounts or Microsoft.ClassicStorage/storageAccounts: containers of page
/// blobs behind a public endpoint, which the on-premises site reaches over the internet or over
/// ExpressRoute public peering (ER-3).
/// </summary>
public sealed record StorageAccount : ArmResource
{
    public string Sku { get; init; } = "Standard_LRS";
    /// <summary>Read-only, e.g. <c>https://name.blob.core.windows.net/</c>.</summary>
    public string BlobEndpoint { get; init; } = "";
    /// <summary>Read-only: the endpoint's host name, as the network resolves it.</summary>
    public string BlobHost => BlobEndpoint.Length == 0 ? "" : new Uri(BlobEndpoint).Host;
}
