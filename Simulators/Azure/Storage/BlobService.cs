using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Guest;
using Failback.Simulators.Azure.Core;

namespace Failback.Simulators.Azure.Storage;

/// <summary>
/// The blob service: containers and page blobs of each storage account, and the SAS URIs through which
/// managed disks are uploaded and read. Page blobs here hold fixed VHDs, so a blob is N MiB + 512 bytes.
/// </summary>
internal sealed class BlobService(AzureCloud cloud) : IBlobStorage
{
    private const string BlobSuffix = ".blob.core.windows.net";
    private const string DiskAccessSuffix = ".blob.storage.azure.net";

    private readonly Dictionary<string, SortedSet<string>> _containers = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedDictionary<string, PageBlob> _blobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (ResourceId Disk, bool Write, DateTimeOffset? Expiry)> _grants = new(StringComparer.Ordinal);

    public async Task CreateContainerAsync(ResourceId storageAccountId, string container, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storageAccountId);
        await cloud.Gate("createContainer", $"{storageAccountId}/{container}", storageAccountId, cancellationToken);
        var account = cloud.Store.Find<StorageAccount>(storageAccountId) ?? throw ArmErrors.NotFound(storageAccountId);
        if (container.Length is < 3 or > 63 || !container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || container.StartsWith('-') || container.Contains("--"))
            throw ArmErrors.Invalid("container", $"Container name '{container}' must be 3-63 lowercase letters, digits and single hyphens.", "InvalidResourceName");
        if (HasContainer(account.Name, container)) throw ArmErrors.Conflict(container, $"Container '{container}' already exists in '{account.Name}'.", "ContainerAlreadyExists");
        CreateContainerNow(account.Name, container);
    }

    /// <summary>Creates a container (checked by the caller), as Azure does for a VM's "vhds".</summary>
    public void CreateContainerNow(string account, string container)
    {
        var set = _containers.TryGetValue(account, out var s) ? s : _containers[account] = new SortedSet<string>(StringComparer.Ordinal);
        set.Add(container);
        Directory.CreateDirectory(Path.Combine(cloud.Vhds.Account(account), container));
        cloud.Trace.Emit("azure", "container.created", ("account", account), ("container", container));
    }

    public async Task<PageBlob> CreatePageBlobAsync(string blobUri, long length, CancellationToken cancellationToken = default)
    {
        var (account, container, name) = Parse(blobUri);
        await cloud.Gate("createBlob", blobUri, cloud.Store.Find<StorageAccount>(AccountId(account))?.Id, cancellationToken);
        RequireContainer(account, container);
        if (length <= 512 || (length - 512) % AzureOptions.Mib != 0)
            throw ArmErrors.Invalid("x-ms-blob-content-length",
                $"A page blob holding a fixed VHD is a whole number of MiB plus the 512-byte footer; {length} bytes is not (e.g. {((Math.Max(length - 512, 1) + AzureOptions.Mib - 1) / AzureOptions.Mib) * AzureOptions.Mib + 512}).", "InvalidHeaderValue");
        if (_blobs.TryGetValue(blobUri, out var old) && old.LeasedBy is not null)
            throw new ArmException(412, new ArmError("LeaseIdMissing", $"Blob '{name}' is leased by VM '{old.LeasedBy.Name}'; it cannot be overwritten.", blobUri));
        var blob = new PageBlob(Canonical(account, container, name), container, name, length);
        cloud.Vhds.Create(cloud.Vhds.Blob(account, container, name), length - 512, cloud.Choices.NextGuid(), cloud.Clock.GetUtcNow());
        _blobs[blob.Uri] = blob;
        cloud.Trace.Emit("azure", "blob.created", ("uri", blob.Uri), ("length", length));
        return blob;
    }

    public async Task<PageBlob> GetBlobPropertiesAsync(string blobUri, CancellationToken cancellationToken = default)
    {
        await cloud.Gate("getBlob", blobUri, null, cancellationToken);
        return Find(blobUri);
    }

    public async Task<IReadOnlyList<PageBlob>> ListBlobsAsync(ResourceId storageAccountId, string container, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storageAccountId);
        await cloud.Gate("listBlobs", $"{storageAccountId}/{container}", storageAccountId, cancellationToken);
        var account = cloud.Store.Find<StorageAccount>(storageAccountId) ?? throw ArmErrors.NotFound(storageAccountId);
        RequireContainer(account.Name, container);
        return _blobs.Values.Where(b => Parse(b.Uri).Account.Equals(account.Name, StringComparison.OrdinalIgnoreCase) && b.Container == container).ToList();
    }

    public async Task SetGuestAsync(string blobUri, GuestState guest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(guest);
        await cloud.Gate("setBlobMetadata", blobUri, null, cancellationToken);
        var blob = Find(blobUri);
        if (blob.LeasedBy is not null)
            throw new ArmException(412, new ArmError("LeaseIdMissing", $"Blob '{blob.Name}' is leased by VM '{blob.LeasedBy.Name}'.", blobUri));
        _blobs[blob.Uri] = blob with { Guest = guest };
    }

    public async Task DeleteBlobAsync(string blobUri, CancellationToken cancellationToken = default)
    {
        await cloud.Gate("deleteBlob", blobUri, null, cancellationToken);
        var blob = Find(blobUri);
        if (blob.LeasedBy is not null)
            throw new ArmException(412, new ArmError("LeaseIdMissing", $"Blob '{blob.Name}' is the disk of VM '{blob.LeasedBy.Name}'; delete the VM first.", blobUri));
        _blobs.Remove(blob.Uri);
        VhdFiles.Delete(PathOf(blob.Uri));
        cloud.Trace.Emit("azure", "blob.deleted", ("uri", blob.Uri));
    }

    public IBlockDevice OpenPageBlob(string blobUri, bool writable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blobUri);
        if (_grants.TryGetValue(blobUri, out var grant))
        {
            if (writable && !grant.Write)
                throw new ArmException(403, new ArmError("AuthorizationPermissionMismatch", "This SAS grants read access only; request beginGetAccess with access=Write on a disk created for upload.", blobUri));
            var device = new PageBlobDevice(cloud.Vhds.Open(Compute.ManagedDiskHandler.PathOf(cloud, grant.Disk), writable), blobUri, writable,
                grant.Expiry is { } expiry ? () => Expired(blobUri, expiry) : null);
            if (grant.Expiry is { } at && Expired(blobUri, at) is { } expired)
            {
                device.Dispose();
                throw expired;
            }
            return device;
        }
        if (Uri.TryCreate(blobUri, UriKind.Absolute, out var sas) && sas.Host.EndsWith(DiskAccessSuffix, StringComparison.OrdinalIgnoreCase))
            throw new ArmException(403, new ArmError("AuthenticationFailed", "This SAS is not valid (ended by endGetAccess, or never granted); request beginGetAccess again.", blobUri));
        var blob = Find(blobUri);
        if (writable && blob.LeasedBy is not null)
            throw new ArmException(412, new ArmError("LeaseIdMissing", $"Blob '{blob.Name}' is leased by VM '{blob.LeasedBy.Name}'; write through the VM.", blobUri));
        return new PageBlobDevice(cloud.Vhds.Open(PathOf(blob.Uri), writable), blobUri, writable);
    }

    public IReadOnlyList<PageBlob> All => _blobs.Values.ToList();

    public PageBlob Find(string blobUri)
    {
        var (account, container, name) = Parse(blobUri);
        RequireContainer(account, container);
        return _blobs.GetValueOrDefault(Canonical(account, container, name))
               ?? throw new ArmException(404, new ArmError("BlobNotFound", $"The blob '{name}' does not exist in container '{container}'.", blobUri));
    }

    public string PathOf(string blobUri)
    {
        var (account, container, name) = Parse(blobUri);
        return cloud.Vhds.Blob(account, container, name);
    }

    public IEnumerable<PageBlob> BlobsOf(string account) =>
        _blobs.Values.Where(b => Parse(b.Uri).Account.Equals(account, StringComparison.OrdinalIgnoreCase));

    public void Lease(string blobUri, ResourceId? vm) => _blobs[Find(blobUri).Uri] = Find(blobUri) with { LeasedBy = vm };

    public void SetGuest(string blobUri, GuestState guest) => _blobs[Find(blobUri).Uri] = Find(blobUri) with { Guest = guest };

    /// <summary>Registers a blob written by Azure itself (an OS disk created from an image).</summary>
    public PageBlob Add(string account, string container, string name, long length, GuestState? guest, ResourceId leasedBy)
    {
        var blob = new PageBlob(Canonical(account, container, name), container, name, length) { Guest = guest, LeasedBy = leasedBy };
        _blobs[blob.Uri] = blob;
        return blob;
    }

    public void DropAccount(string account)
    {
        foreach (var blob in BlobsOf(account).ToList()) _blobs.Remove(blob.Uri);
        _containers.Remove(account);
        var folder = cloud.Vhds.Account(account);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    public bool HasContainer(string account, string container) => _containers.TryGetValue(account, out var set) && set.Contains(container);

    /// <summary>
    /// A SAS URI for a managed disk, valid until <see cref="Revoke"/> and, given a <paramref name="duration"/> (beginGetAccess's
    /// durationInSeconds), no longer than that: every request through it after then, an open blob's Put Page included, is refused.
    /// </summary>
    public string Grant(ResourceId disk, bool write, TimeSpan? duration)
    {
        var token = cloud.Choices.NextGuid().ToString("N");
        var uri = $"https://md-{token[..12]}{DiskAccessSuffix}/{token[12..24]}/abcd?sv=2018-03-28&sr=b&si={cloud.Choices.NextGuid()}&sig={token}";
        _grants[uri] = (disk, write, cloud.Clock.GetUtcNow() + duration);
        return uri;
    }

    /// <summary>The blob service's answer to a SAS past its expiry (AuthenticationErrorDetail's wording); null while it is valid.</summary>
    private ArmException? Expired(string sasUri, DateTimeOffset expiry)
    {
        var now = cloud.Clock.GetUtcNow();
        return now < expiry ? null : new ArmException(403, new ArmError("AuthenticationFailed",
            $"Signature not valid in the specified time frame: Expiry [{expiry:R}] - Current [{now:R}]; the access granted for durationInSeconds has ended.", sasUri));
    }

    public void Revoke(ResourceId disk)
    {
        foreach (var uri in _grants.Where(g => g.Value.Disk == disk).Select(g => g.Key).ToList()) _grants.Remove(uri);
    }

    public bool IsDiskAccessHost(string host) => _grants.Keys.Any(uri => new Uri(uri).Host.Equals(host, StringComparison.OrdinalIgnoreCase));

    public static string Canonical(string account, string container, string name) => $"https://{account.ToLowerInvariant()}{BlobSuffix}/{container}/{name}";

    public static (string Account, string Container, string Name) Parse(string blobUri)
    {
        if (!Uri.TryCreate(blobUri, UriKind.Absolute, out var uri) || uri.Scheme != "https" || !uri.Host.EndsWith(BlobSuffix, StringComparison.OrdinalIgnoreCase))
            throw ArmErrors.Invalid("uri", $"'{blobUri}' is not a blob URI (https://{{account}}{BlobSuffix}/{{container}}/{{blob}}).", "InvalidUri");
        var parts = uri.AbsolutePath.TrimStart('/').Split('/', 2);
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0 || parts[1].Contains("..") || parts[1].Contains('/'))
            throw ArmErrors.Invalid("uri", $"'{blobUri}' must name a container and a blob (no '/' in the blob name).", "InvalidUri");
        return (uri.Host[..^BlobSuffix.Length], parts[0], parts[1]);
    }

    private ResourceId AccountId(string account) =>
        cloud.Store.All<StorageAccount>().FirstOrDefault(a => a.Name.Equals(account, StringComparison.OrdinalIgnoreCase))?.Id
        ?? ResourceId.Subscription(cloud.Options.SubscriptionId);

    private void RequireContainer(string account, string container)
    {
        if (!cloud.Store.All<StorageAccount>().Any(a => a.Name.Equals(account, StringComparison.OrdinalIgnoreCase)))
            throw new ArmException(404, new ArmError("AccountNotFound", $"No storage account '{account}'.", account));
        if (!HasContainer(account, container))
            throw new ArmException(404, new ArmError("ContainerNotFound", $"Container '{container}' does not exist in '{account}'; create it first.", container));
    }
}
