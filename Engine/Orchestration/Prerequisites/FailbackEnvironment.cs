namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// What the sites look like for a reprotect from Azure to on-premises, gathered by
/// <see cref="Services.ISiteDiscovery"/>; <see cref="FailbackPrerequisites"/> judges it.
/// Null parts were not found: no original VM (deleted, or the source was a physical server), no
/// vCenter (a standalone ESXi host), the named master target or process server not registered.
/// </summary>
public sealed record FailbackEnvironment
{
    public required ConfigurationServerFacts ConfigurationServer { get; init; }
    public required ConnectivityFacts Connectivity { get; init; }
    public required AzureVmFacts AzureVm { get; init; }
    public VCenterFacts? VCenter { get; init; }
    public OriginalVmFacts? OriginalVm { get; init; }
    public MasterTargetFacts? MasterTarget { get; init; }
    public ProcessServerFacts? ProcessServer { get; init; }
    /// <summary>The file system of the source's root or boot device (MT-4 asks for ReiserFS/XFS support).</summary>
    public string SourceBootFileSystem { get; init; } = "ext4";
    public int SourceDiskCount { get; init; } = 1;
}
