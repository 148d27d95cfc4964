using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Guest;

namespace Failback.Engine.Ports.Arm;

/// <summary>
/// The blob service of storage accounts (the data plane): containers of page blobs that hold fixed
/// VHDs. A blob's URI is <c>https://{account}.blob.core.windows.net/{container}/{blob}</c>; a managed
/// disk's SAS URI (from beginGetAccess) opens it the same way. Errors are <see cref="ArmException"/>s
/// with the storage service's codes (ContainerNotFound, BlobNotFound, InvalidHeaderValue...).
/// </summary>
public interface IBlobStorage
{
    Task CreateContainerAsync(ResourceId storageAccountId, string container, CancellationToken cancellationToken = default);

    /// <summary>Creates a page blob of <paramref name="length"/> bytes (N MiB + 512: a fixed VHD), all zeros.</summary>
    Task<PageBlob> CreatePageBlobAsync(string blobUri, long length, CancellationToken cancellationToken = default);

    Task<PageBlob> GetBlobPropertiesAsync(string blobUri, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PageBlob>> ListBlobsAsync(ResourceId storageAccountId, string container, CancellationToken cancellationToken = default);

    /// <summary>Sets the blob's metadata: the guest whose disk it holds.</summary>
    Task SetGuestAsync(string blobUri, GuestState guest, CancellationToken cancellationToken = default);

    Task DeleteBlobAsync(string blobUri, CancellationToken cancellationToken = default);

    /// <summary>
    /// The disk inside the VHD (footer excluded). Writes are Put Page calls: 512-byte aligned, at most
    /// 4 MiB each. A blob leased by a VM, or a SAS without write access, opens read-only.
    /// </summary>
    IBlockDevice OpenPageBlob(string blobUri, bool writable);
}
