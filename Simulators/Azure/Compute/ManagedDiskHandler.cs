using System.Globalization;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure.Core;
using Failback.Simulators.Azure.Storage;

namespace Failback.Simulators.Azure.Compute;

/// <summary>
/// Managed disks, each a fixed VHD file. Empty takes whole GiB; Upload takes N MiB + 512 bytes (at least
/// the minimum upload size) and is written through a write SAS (beginGetAccess access=Write, then
/// endGetAccess); Import copies a page blob; Copy copies another disk. An attached disk cannot be
/// deleted; it is exported (a read SAS) only while its VM is deallocated (Reserved).
/// </summary>
internal sealed class ManagedDiskHandler(AzureCloud cloud) : ResourceHandler<ManagedDisk>(cloud)
{
    private const long MaxUploadBytes = 32L * 1024 * 1024 * 1024 * 1024 + 512;
    private const int MaxDiskSizeGB = 32767;

    public override string ResourceType => $"{ArmTypes.Compute}/{ArmTypes.Disks}";
    public override (TimeSpan Min, TimeSpan Max) PutTime => (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));

    public static string PathOf(AzureCloud cloud, ResourceId id) => cloud.Vhds.ManagedDisk(id.ResourceGroup!, id.Name);

    protected override PutPlan Put(ResourceId id, ManagedDisk body, ManagedDisk? existing)
    {
        if (existing is not null)
        {
            Require(body.CreateOption == existing.CreateOption && body.UploadSizeBytes == existing.UploadSizeBytes && body.SourceUri == existing.SourceUri
                    && body.SourceResourceId == existing.SourceResourceId && (body.DiskSizeGB ?? existing.DiskSizeGB) == existing.DiskSizeGB,
                "properties.creationData", "A disk's creation data and size cannot change; create another disk.", "PropertyChangeNotAllowed");
            Require(existing.ManagedBy is null || body.Guest == existing.Guest, "properties", $"Disk '{id.Name}' is attached to VM '{existing.ManagedBy?.Name}'; detach it first.", "OperationNotAllowed");
            return new PutPlan(existing with { Guest = body.Guest });
        }
        var path = PathOf(Cloud, id);
        var now = Cloud.Clock.GetUtcNow();
        var guest = body.Guest;
        long size;
        var state = DiskState.Unattached;
        switch (body.CreateOption)
        {
            case DiskCreateOption.Empty:
                Require(body.DiskSizeGB is >= 1 and <= MaxDiskSizeGB, "properties.diskSizeGB", $"An empty disk needs diskSizeGB between 1 and {MaxDiskSizeGB}.");
                size = body.DiskSizeGB!.Value * 1024L * AzureOptions.Mib;
                Cloud.Vhds.Create(path, size, Cloud.Choices.NextGuid(), now);
                break;
            case DiskCreateOption.Upload:
                var upload = body.UploadSizeBytes ?? 0;
                Require(upload > 512 && (upload - 512) % AzureOptions.Mib == 0, "properties.creationData.uploadSizeBytes",
                    $"uploadSizeBytes must be the size of a fixed VHD: a whole number of MiB plus 512 bytes; {upload} is not.");
                Require(upload >= Cloud.Options.MinimumUploadBytes && upload <= MaxUploadBytes, "properties.creationData.uploadSizeBytes",
                    $"uploadSizeBytes must be between {Cloud.Options.MinimumUploadBytes} and {MaxUploadBytes}; {upload} is not.");
                size = upload - 512;
                state = DiskState.ReadyToUpload;
                Cloud.Vhds.Create(path, size, Cloud.Choices.NextGuid(), now);
                break;
            case DiskCreateOption.Import:
                Require(body.SourceUri is not null, "properties.creationData.sourceUri", "An imported disk needs the page blob's URI.");
                var blob = Cloud.Blobs.Find(body.SourceUri!);
                size = blob.VirtualSize;
                guest ??= blob.Guest;
                Cloud.Vhds.Copy(Cloud.Blobs.PathOf(blob.Uri), path, Cloud.Choices.NextGuid(), now);
                break;
            case DiskCreateOption.Copy:
                var source = Store.Find<ManagedDisk>(body.SourceResourceId);
                Require(source is not null, "properties.creationData.sourceResourceId", $"The source disk '{body.SourceResourceId}' does not exist.", "InvalidResourceReference");
                Require(source!.DiskState is DiskState.Unattached or DiskState.Attached, "properties.creationData.sourceResourceId",
                    $"The source disk '{source.Name}' is {source.DiskState}; finish its upload first.", "OperationNotAllowed");
                size = source.DiskSizeBytes;
                guest ??= source.Guest;
                Cloud.Vhds.Copy(PathOf(Cloud, source.Id!), path, Cloud.Choices.NextGuid(), now);
                break;
            default:
                throw ArmErrors.Invalid("properties.creationData.createOption", $"Unknown create option {body.CreateOption}.");
        }
        return new PutPlan(body with { DiskSizeBytes = size, DiskState = state, Guest = guest, ManagedBy = null });
    }

    protected override void ValidateDelete(ManagedDisk existing)
    {
        if (existing.ManagedBy is not null)
            throw ArmErrors.Conflict(existing.Id!.ToString(), $"Disk '{existing.Name}' is attached to VM '{existing.ManagedBy.Name}'; delete the VM or detach the disk first.", "OperationNotAllowed");
        if (existing.DiskState is DiskState.ActiveSAS or DiskState.ActiveUpload)
            throw ArmErrors.Conflict(existing.Id!.ToString(), $"Disk '{existing.Name}' has an active SAS ({existing.DiskState}); call endGetAccess first.", "OperationNotAllowed");
    }

    protected override void Delete(ManagedDisk existing)
    {
        Cloud.Blobs.Revoke(existing.Id!);
        VhdFiles.Delete(PathOf(Cloud, existing.Id!));
        base.Delete(existing);
    }

    protected override ActionPlan Action(ManagedDisk existing, string action, IReadOnlyDictionary<string, string> parameters)
    {
        var id = existing.Id!;
        var quick = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        switch (action)
        {
            case "beginGetAccess":
                var access = parameters.GetValueOrDefault("access", "Read");
                Require(access is "Read" or "Write", "access", $"access must be Read or Write, not '{access}'.");
                Require(existing.ManagedBy is null || existing.DiskState == DiskState.Reserved, id.ToString(),
                    $"Disk '{existing.Name}' is attached to VM '{existing.ManagedBy?.Name}', which holds it ({existing.DiskState}); deallocate the VM, detach the disk or delete the VM first.", "OperationNotAllowed");
                var write = access == "Write";
                Require(!write || existing.DiskState == DiskState.ReadyToUpload, "access",
                    $"Disk '{existing.Name}' is {existing.DiskState}; a write SAS is only granted to a disk created with createOption Upload that is ReadyToUpload.", "OperationNotAllowed");
                Require(write || existing.DiskState is DiskState.Unattached or DiskState.Reserved, "access",
                    $"Disk '{existing.Name}' is {existing.DiskState}; a read SAS needs an unattached disk or one of a deallocated VM.", "OperationNotAllowed");
                // GrantAccessData.durationInSeconds: how long the SAS works (absent here: until endGetAccess).
                var given = parameters.GetValueOrDefault("durationInSeconds");
                var seconds = given is null ? (int?)null : int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
                Require(seconds is not 0, "durationInSeconds", $"durationInSeconds must be a positive number of seconds, not '{given}'.");
                var sas = Cloud.Blobs.Grant(id, write, seconds is { } d ? TimeSpan.FromSeconds(d) : null);
                Store.Update(existing, d => d with { DiskState = write ? DiskState.ActiveUpload : DiskState.ActiveSAS });
                return new ActionPlan(quick, () => { }, () => Revoke(id, existing.DiskState), sas);
            case "endGetAccess":
                Require(existing.DiskState is DiskState.ActiveSAS or DiskState.ActiveUpload, id.ToString(), $"Disk '{existing.Name}' has no active SAS.", "OperationNotAllowed");
                return new ActionPlan(quick, () => Revoke(id, existing.ManagedBy is null ? DiskState.Unattached : DiskState.Reserved));
            default:
                return base.Action(existing, action, parameters);
        }
    }

    private void Revoke(ResourceId id, DiskState state)
    {
        Cloud.Blobs.Revoke(id);
        if (Store.Find<ManagedDisk>(id) is { } disk) Store.Set(disk with { DiskState = state });
    }
}
