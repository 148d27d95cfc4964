namespace Failback.Simulators.Azure;

/// <summary>How the simulated Azure is set up.</summary>
public sealed record AzureOptions
{
    /// <summary>The one subscription it serves.</summary>
    public string SubscriptionId { get; init; } = "00000000-0000-0000-0000-00000000a2e1";
    public string SubscriptionName { get; init; } = "Disaster Recovery";
    /// <summary>Folder where page blobs and managed disks are kept as fixed VHD files.</summary>
    public required string StorageRoot { get; init; }
    public IReadOnlyList<string> Locations { get; init; } = ["westeurope", "northeurope", "eastus"];
    /// <summary>Azure refuses uploads under 20 MiB + 512; tests may lower it to keep disks small.</summary>
    public long MinimumUploadBytes { get; init; } = 20 * Mib + 512;
    /// <summary>Virtual size of an OS disk created from a marketplace image (Azure's is 127 GiB; files are sparse).</summary>
    public long ImageOsDiskBytes { get; init; } = 127L * 1024 * Mib;
    /// <summary>The Retry-After an accepted long-running operation suggests for polling.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Retry-After of an injected 429 whose fault rule gives no Detail.</summary>
    public TimeSpan DefaultRetryAfter { get; init; } = TimeSpan.FromSeconds(20);

    public const long Mib = 1024 * 1024;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(StorageRoot)) throw new ArgumentException("AzureOptions.StorageRoot must name the folder for VHD files.");
        if (string.IsNullOrWhiteSpace(SubscriptionId) || SubscriptionId.Contains('/')) throw new ArgumentException($"AzureOptions.SubscriptionId '{SubscriptionId}' is not a subscription ID.");
        if (Locations.Count == 0) throw new ArgumentException("AzureOptions.Locations must list at least one region.");
        if (MinimumUploadBytes <= 512 || (MinimumUploadBytes - 512) % Mib != 0)
            throw new ArgumentException($"AzureOptions.MinimumUploadBytes ({MinimumUploadBytes}) must be a fixed VHD size: N MiB + 512 with N >= 1.");
        if (ImageOsDiskBytes <= 0 || ImageOsDiskBytes % Mib != 0)
            throw new ArgumentException($"AzureOptions.ImageOsDiskBytes ({ImageOsDiskBytes}) must be a whole number of MiB.");
        if (PollInterval <= TimeSpan.Zero || DefaultRetryAfter <= TimeSpan.Zero)
            throw new ArgumentException("AzureOptions.PollInterval and DefaultRetryAfter must be positive.");
    }
}
