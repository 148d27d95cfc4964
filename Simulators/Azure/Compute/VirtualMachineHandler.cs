using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Guest;
using Failback.Simulators.Azure.Core;
using Failback.Simulators.Azure.Network;
using Failback.Simulators.Azure.Storage;

namespace Failback.Simulators.Azure.Compute;

/// <summary>
/// Virtual machines of one deployment model. A VM joins only networks of its own model (PS-2): a
/// Resource Manager VM through NICs that exist (PS-5), a classic VM directly in a classic subnet. It
/// boots from existing disks (a failover: Azure then changes the guest, TS-2 and TS-3) or from a
/// marketplace image with admin credentials (a process server, PS-4).
/// </summary>
internal sealed class VirtualMachineHandler(AzureCloud cloud, DeploymentModel model) : ResourceHandler<VirtualMachine>(cloud)
{
    private const string NicTarget = "properties.networkProfile.networkInterfaces";
    private const string SubnetTarget = "properties.networkProfile.subnet";

    private static readonly string[] ReservedUserNames =
    [
        "administrator", "admin", "user", "user1", "test", "user2", "test1", "user3", "admin1", "1", "123", "a", "actuser", "adm", "admin2",
        "aspnet", "backup", "console", "david", "guest", "john", "owner", "root", "server", "sql", "support", "support_388945a0", "sys",
        "test2", "test3", "user4", "user5",
    ];

    public override string ResourceType => $"{ArmTypes.ComputeProvider(model)}/{ArmTypes.VirtualMachines}";
    public override (TimeSpan Min, TimeSpan Max) PutTime => model == DeploymentModel.Classic
        ? (TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(6))
        : (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(3));
    public override (TimeSpan Min, TimeSpan Max) DeleteTime => (TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2));

    protected override PutPlan Put(ResourceId id, VirtualMachine body, VirtualMachine? existing)
    {
        var maxDisks = VmSizes.MaxDataDisks(model, body.Size);
        Require(maxDisks is not null, "properties.hardwareProfile.vmSize",
            $"'{body.Size}' is not a {model} VM size; use one of: {string.Join(", ", VmSizes.Names(model))}.", "InvalidParameter");
        Require(body.DataDisks.Count <= maxDisks, "properties.storageProfile.dataDisks", $"Size {body.Size} takes at most {maxDisks} data disks; {body.DataDisks.Count} given.", "OperationNotAllowed");
        return existing is null ? Create(id, body) : Update(id, body, existing);
    }

    private PutPlan Create(ResourceId id, VirtualMachine body)
    {
        // Every check first: nothing changes until all of them pass.
        var network = CheckNetwork(id, body);
        var image = CheckOs(id, body);
        var dataDisks = CheckDataDisks(id, body, []);
        var osDisk = body.OsDisk;
        string? classicAddress = null;
        if (model == DeploymentModel.Classic)
            classicAddress = SubnetAddresses.Allocate(Store, body.SubnetId!, body.StaticPrivateIpAddress, null, id, "properties.networkProfile.staticPrivateIPAddress");

        GuestState? guest;
        var fromExistingDisk = image is null;
        if (image is not null)
        {
            osDisk = CreateImageOsDisk(id, body, image);
            guest = image.Guest with { HostName = id.Name };
        }
        else
        {
            osDisk = Resolve(osDisk!, id, attach: true);
            guest = GuestOf(osDisk);
        }
        dataDisks = dataDisks.Select(d => Resolve(d, id, attach: true)).ToList();
        foreach (var nic in network)
            Store.Update(nic, n => n with { VirtualMachineId = id });

        var vm = body with
        {
            AdminPassword = null,
            OsDisk = osDisk,
            DataDisks = dataDisks,
            SubnetId = model == DeploymentModel.Classic ? body.SubnetId : network[0].SubnetId,
            PrivateIpAddresses = classicAddress is not null ? [classicAddress] : network.Select(n => n.PrivateIpAddress!).ToList(),
            StaticPrivateIpAddress = model == DeploymentModel.Classic ? body.StaticPrivateIpAddress : null,
            PowerState = PowerState.Starting,
            VmId = Cloud.Choices.NextGuid(),
            Guest = guest,
        };
        return new PutPlan(vm,
            () =>
            {
                var booted = Store.Find<VirtualMachine>(id)!;
                if (fromExistingDisk && booted.Guest is { } g) SetGuest(booted, GuestFailover.Apply(g));
                Store.Update(Store.Find<VirtualMachine>(id)!, v => v with { PowerState = PowerState.Running });
                Cloud.Trace.Emit("azure", "vm.booted", ("id", id.ToString()), ("failover", fromExistingDisk), ("addresses", string.Join(",", vm.PrivateIpAddresses)));
            },
            () => Store.Update(Store.Find<VirtualMachine>(id)!, v => v with { PowerState = PowerState.Stopped }));
    }

    private PutPlan Update(ResourceId id, VirtualMachine body, VirtualMachine existing)
    {
        Require(body.Image == existing.Image && SameDisk(body.OsDisk, existing.OsDisk) && body.NetworkInterfaceIds.SequenceEqual(existing.NetworkInterfaceIds)
                && (body.SubnetId is null || body.SubnetId == existing.SubnetId) && body.StaticPrivateIpAddress == existing.StaticPrivateIpAddress,
            "properties", "Only a VM's size and data disks can change; its image, OS disk and network stay as created.", "PropertyChangeNotAllowed");
        var kept = existing.DataDisks.Where(d => body.DataDisks.Any(b => SameDisk(b, d))).ToList();
        var added = CheckDataDisks(id, body, kept);
        var removed = existing.DataDisks.Where(d => !kept.Contains(d)).ToList();
        foreach (var disk in removed) Release(disk);
        var disks = kept.Concat(added.Select(d => Resolve(d, id, attach: true))).OrderBy(d => d.Lun).ToList();
        var updated = existing with { Size = body.Size, DataDisks = disks };
        if (existing.PowerState == PowerState.Deallocated) SetDiskStates(updated, DiskState.Reserved);
        return new PutPlan(updated);
    }

    private static bool SameDisk(VmDisk? a, VmDisk? b) =>
        a is null ? b is null : b is not null && a.Lun == b.Lun && a.ManagedDiskId == b.ManagedDiskId
                                && (a.VhdUri is null || b.VhdUri is null || a.VhdUri.Equals(b.VhdUri, StringComparison.OrdinalIgnoreCase));

    /// <summary>The NICs a Resource Manager VM joins with (empty for classic), after the PS-2/PS-3/PS-5 checks.</summary>
    private List<NetworkInterface> CheckNetwork(ResourceId id, VirtualMachine body)
    {
        if (model == DeploymentModel.Classic)
        {
            Require(body.NetworkInterfaceIds.Count == 0, NicTarget, "A classic VM has no network interface resources; give the classic subnet it joins.", "InvalidParameter");
            Require(body.SubnetId is not null, SubnetTarget, "A classic VM needs the subnet of the classic virtual network it joins.");
            CheckSubnetModel(body.SubnetId!, body.Location);
            return [];
        }
        Require(body.NetworkInterfaceIds.Count > 0, NicTarget, "A Resource Manager VM needs at least one existing network interface; create one in the VM's subnet first (PS-5).");
        Require(body.StaticPrivateIpAddress is null, "properties.networkProfile.staticPrivateIPAddress", "A Resource Manager VM takes its addresses from its network interfaces; set the address on the NIC.");
        if (body.SubnetId is not null) CheckSubnetModel(body.SubnetId, body.Location);
        var nics = new List<NetworkInterface>();
        foreach (var (nicId, i) in body.NetworkInterfaceIds.Select((n, i) => (n, i)))
        {
            var target = $"{NicTarget}[{i}].id";
            var nic = Store.Find<NetworkInterface>(nicId);
            Require(nic is not null, target, $"The network interface '{nicId}' does not exist; create it before the VM (PS-5).", "InvalidResourceReference");
            Require(nic!.ProvisioningState == ProvisioningState.Succeeded, target, $"Network interface '{nic.Name}' is {nic.ProvisioningState}; wait until it is provisioned.", "ReferencedResourceNotProvisioned");
            Require(nic.VirtualMachineId is null || nic.VirtualMachineId == id, target, $"Network interface '{nic.Name}' is used by VM '{nic.VirtualMachineId?.Name}'.", "NicInUse");
            Require(nic.Location.Equals(body.Location, StringComparison.OrdinalIgnoreCase), target,
                $"Network interface '{nic.Name}' is in '{nic.Location}', the VM in '{body.Location}'; they must be in the same location.", "InvalidResourceReference");
            Require(nics.Count == 0 || nic.SubnetId!.Parent == nics[0].SubnetId!.Parent, target, "All network interfaces of a VM must be in the same virtual network.", "InvalidParameter");
            Require(!nics.Any(n => n.Id == nic.Id), target, $"Network interface '{nic.Name}' is listed twice.", "InvalidParameter");
            nics.Add(nic);
        }
        if (body.SubnetId is not null)
            Require(nics[0].SubnetId == body.SubnetId, SubnetTarget, $"The first network interface '{nics[0].Name}' is in subnet '{nics[0].SubnetId!.Name}', not in '{body.SubnetId.Name}'.", "InvalidParameter");
        return nics;
    }

    /// <summary>PS-2: a VM can only join a network of its own deployment model, in its location.</summary>
    private void CheckSubnetModel(ResourceId subnetId, string location)
    {
        var found = SubnetAddresses.Find(Store, subnetId);
        Require(found is not null, SubnetTarget, $"The subnet '{subnetId}' does not exist.", "InvalidResourceReference");
        var vnet = found!.Value.Network;
        Require(vnet.DeploymentModel == model, SubnetTarget,
            $"Virtual network '{vnet.Name}' is a {Describe(vnet.DeploymentModel)} network; a {Describe(model)} VM can only join a {Describe(model)} network (PS-2).", "InvalidResourceReference");
        Require(vnet.Location.Equals(location, StringComparison.OrdinalIgnoreCase), SubnetTarget,
            $"Virtual network '{vnet.Name}' is in '{vnet.Location}', the VM in '{location}'.", "InvalidResourceReference");
    }

    private static string Describe(DeploymentModel m) => m == DeploymentModel.Classic ? "classic" : "Resource Manager";

    /// <summary>The image to boot from, or null when the VM boots from its existing OS disk.</summary>
    private MarketplaceImage? CheckOs(ResourceId id, VirtualMachine body)
    {
        Require((body.Image is null) != (body.OsDisk is null), "properties.storageProfile", "Give either an image to boot from or an existing OS disk to attach, not both or neither.");
        if (body.Image is null)
        {
            CheckExistingDisk(id, body.OsDisk!, "properties.storageProfile.osDisk", body.Location);
            var guest = GuestOf(body.OsDisk!);
            Require(guest is not null, "properties.storageProfile.osDisk", "The OS disk holds no operating system (no guest state); attach the disk replicated from the VM's boot disk.");
            return null;
        }
        var image = MarketplaceImages.Find(body.Image);
        if (image is null)
            throw new ArmException(404, new ArmError("PlatformImageNotFound",
                $"The platform image '{body.Image.Publisher}:{body.Image.Offer}:{body.Image.Sku}:{body.Image.Version}' is not available; list the marketplace images.", "properties.storageProfile.imageReference"));
        Require(image.Models.Contains(model), "properties.storageProfile.imageReference", $"'{image.DisplayName}' is not offered to {Describe(model)} VMs.");
        CheckCredentials(id, body, image);
        if (model == DeploymentModel.Classic || body.StorageAccountId is not null)
        {
            var account = Store.Find<StorageAccount>(body.StorageAccountId);
            Require(account is not null, "properties.storageProfile.storageAccount", model == DeploymentModel.Classic
                ? "A classic VM built from an image needs the classic storage account that will hold its OS disk."
                : $"The storage account '{body.StorageAccountId}' does not exist.", "InvalidResourceReference");
            Require(account!.DeploymentModel == model, "properties.storageProfile.storageAccount",
                $"Storage account '{account.Name}' is a {Describe(account.DeploymentModel)} account; a {Describe(model)} VM needs a {Describe(model)} one.", "InvalidResourceReference");
            var vhd = BlobService.Canonical(account.Name, "vhds", OsBlobName(id));
            Require(!Cloud.Blobs.BlobsOf(account.Name).Any(b => b.Uri == vhd), "properties.storageProfile.osDisk.vhd", $"The blob '{vhd}' exists already.", "Conflict");
        }
        else
        {
            Require(Store.Find(OsManagedDiskId(id)) is null, "properties.storageProfile.osDisk", $"A disk named '{OsManagedDiskId(id).Name}' exists already.", "Conflict");
        }
        return image;
    }

    private static void CheckCredentials(ResourceId id, VirtualMachine body, MarketplaceImage image)
    {
        var user = body.AdminUsername ?? "";
        var password = body.AdminPassword ?? "";
        Require(user.Length is >= 1 and <= 20 && !user.EndsWith('.') && user.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'),
            "properties.osProfile.adminUsername", "The admin user name must be 1-20 letters, digits, '-', '_' or '.', not ending in '.'.");
        Require(!ReservedUserNames.Contains(user.ToLowerInvariant()), "properties.osProfile.adminUsername", $"The user name '{user}' is reserved; choose another.");
        var classes = new[] { password.Any(char.IsAsciiLetterLower), password.Any(char.IsAsciiLetterUpper), password.Any(char.IsAsciiDigit), password.Any(c => !char.IsAsciiLetterOrDigit(c)) }.Count(b => b);
        var (min, max) = image.Guest.IsLinux ? (6, 72) : (12, 123);
        Require(password.Length >= min && password.Length <= max && classes >= 3, "properties.osProfile.adminPassword",
            $"The password must be {min}-{max} characters with three of: lower case, upper case, digit, special character.");
        Require(password.IndexOf(user, StringComparison.OrdinalIgnoreCase) < 0, "properties.osProfile.adminPassword", "The password must not contain the user name.");
        if (!image.Guest.IsLinux)
            Require(id.Name.Length <= 15, "properties.osProfile.computerName", $"A Windows computer name is at most 15 characters; '{id.Name}' has {id.Name.Length}.");
    }

    private List<VmDisk> CheckDataDisks(ResourceId id, VirtualMachine body, IReadOnlyList<VmDisk> kept)
    {
        var added = body.DataDisks.Where(d => !kept.Any(k => SameDisk(k, d))).ToList();
        var luns = new HashSet<int>(kept.Select(k => k.Lun ?? -1));
        foreach (var (disk, i) in added.Select((d, i) => (d, i)))
        {
            var target = $"properties.storageProfile.dataDisks[{i}]";
            Require(disk.Lun is >= 0 and <= 63, target + ".lun", "A data disk needs a LUN between 0 and 63.");
            Require(luns.Add(disk.Lun!.Value), target + ".lun", $"LUN {disk.Lun} is used twice.", "InvalidParameter");
            CheckExistingDisk(id, disk, target, body.Location);
        }
        return added;
    }

    /// <summary>An existing disk: a managed disk (Resource Manager only) or a page blob of this model's storage, free to attach.</summary>
    private void CheckExistingDisk(ResourceId id, VmDisk disk, string target, string location)
    {
        Require((disk.ManagedDiskId is null) != (disk.VhdUri is null), target, "A disk is either a managed disk (managedDisk.id) or a page blob (vhd.uri).");
        if (disk.ManagedDiskId is { } diskId)
        {
            Require(model == DeploymentModel.ResourceManager, target, "Classic VMs cannot use managed disks; attach a page blob of a classic storage account.");
            var managed = Store.Find<ManagedDisk>(diskId);
            Require(managed is not null, target + ".managedDisk.id", $"The disk '{diskId}' does not exist.", "InvalidResourceReference");
            Require(managed!.ManagedBy is null || managed.ManagedBy == id, target + ".managedDisk.id", $"Disk '{managed.Name}' is attached to VM '{managed.ManagedBy?.Name}'.", "OperationNotAllowed");
            Require(managed.DiskState == DiskState.Unattached || managed.ManagedBy == id, target + ".managedDisk.id", $"Disk '{managed.Name}' is {managed.DiskState}; finish its upload or end its SAS first.", "OperationNotAllowed");
            Require(managed.Location.Equals(location, StringComparison.OrdinalIgnoreCase), target + ".managedDisk.id", $"Disk '{managed.Name}' is in '{managed.Location}', the VM in '{location}'.", "InvalidResourceReference");
            return;
        }
        var blob = Cloud.Blobs.Find(disk.VhdUri!);
        var account = Store.All<StorageAccount>().First(a => a.Name.Equals(BlobService.Parse(blob.Uri).Account, StringComparison.OrdinalIgnoreCase));
        Require(account.DeploymentModel == model, target + ".vhd.uri", $"Storage account '{account.Name}' is a {Describe(account.DeploymentModel)} account; a {Describe(model)} VM needs a {Describe(model)} one.", "InvalidResourceReference");
        Require(blob.LeasedBy is null || blob.LeasedBy == id, target + ".vhd.uri", $"Blob '{blob.Name}' is the disk of VM '{blob.LeasedBy?.Name}'.", "OperationNotAllowed");
    }

    private GuestState? GuestOf(VmDisk disk) => disk.ManagedDiskId is { } id ? Store.Find<ManagedDisk>(id)?.Guest : Cloud.Blobs.Find(disk.VhdUri!).Guest;

    /// <summary>Attaches (or releases) a checked disk and fills in its size.</summary>
    private VmDisk Resolve(VmDisk disk, ResourceId? vm, bool attach)
    {
        if (disk.ManagedDiskId is { } id)
        {
            var managed = Store.Update(Store.Find<ManagedDisk>(id)!, d => d with { ManagedBy = attach ? vm : null, DiskState = attach ? DiskState.Attached : DiskState.Unattached });
            return disk with { SizeBytes = managed.DiskSizeBytes };
        }
        var uri = Cloud.Blobs.Find(disk.VhdUri!).Uri;
        Cloud.Blobs.Lease(uri, attach ? vm : null);
        return disk with { VhdUri = uri, SizeBytes = Cloud.Blobs.Find(uri).VirtualSize };
    }

    private void Release(VmDisk disk)
    {
        if (disk.ManagedDiskId is { } id && Store.Find<ManagedDisk>(id) is null) return;
        if (disk.VhdUri is { } uri && !Cloud.Blobs.BlobsOf(BlobService.Parse(uri).Account).Any(b => b.Uri == uri)) return;
        Resolve(disk, null, attach: false);
    }

    private static string OsBlobName(ResourceId id) => $"{id.Name.ToLowerInvariant()}-osdisk.vhd";
    private static ResourceId OsManagedDiskId(ResourceId id) => ArmTypes.Disk(id.SubscriptionId, id.ResourceGroup!, $"{id.Name}_OsDisk_1");

    /// <summary>Writes the image's OS disk: a page blob in the storage account's vhds container, or a managed disk.</summary>
    private VmDisk CreateImageOsDisk(ResourceId id, VirtualMachine body, MarketplaceImage image)
    {
        var size = Cloud.Options.ImageOsDiskBytes;
        var guest = image.Guest with { HostName = id.Name };
        var now = Cloud.Clock.GetUtcNow();
        if (body.StorageAccountId is { } accountId)
        {
            var account = Store.Find<StorageAccount>(accountId)!;
            if (!Cloud.Blobs.HasContainer(account.Name, "vhds")) Cloud.Blobs.CreateContainerNow(account.Name, "vhds");
            Cloud.Vhds.Create(Cloud.Vhds.Blob(account.Name, "vhds", OsBlobName(id)), size, Cloud.Choices.NextGuid(), now);
            var blob = Cloud.Blobs.Add(account.Name, "vhds", OsBlobName(id), size + 512, guest, id);
            return new VmDisk { VhdUri = blob.Uri, SizeBytes = size };
        }
        var diskId = OsManagedDiskId(id);
        Cloud.Vhds.Create(ManagedDiskHandler.PathOf(Cloud, diskId), size, Cloud.Choices.NextGuid(), now);
        Store.Set(new ManagedDisk
        {
            Id = diskId, Location = body.Location.ToLowerInvariant(), ProvisioningState = ProvisioningState.Succeeded, CreateOption = DiskCreateOption.Empty,
            DiskSizeGB = (int)(size / (1024 * AzureOptions.Mib)), DiskSizeBytes = size, DiskState = DiskState.Attached, ManagedBy = id, Guest = guest,
        });
        return new VmDisk { ManagedDiskId = diskId, SizeBytes = size };
    }

    /// <summary>Writes a changed guest to the VM and to its OS disk, where it travels from.</summary>
    private void SetGuest(VirtualMachine vm, GuestState guest)
    {
        if (vm.OsDisk?.ManagedDiskId is { } id) Store.Update(Store.Find<ManagedDisk>(id)!, d => d with { Guest = guest });
        else if (vm.OsDisk?.VhdUri is { } uri) Cloud.Blobs.SetGuest(uri, guest);
        Store.Set(vm with { Guest = guest });
    }

    protected override void Delete(VirtualMachine existing)
    {
        foreach (var nic in existing.NetworkInterfaceIds.Select(n => Store.Find<NetworkInterface>(n)).OfType<NetworkInterface>())
            Store.Set(nic with { VirtualMachineId = null });
        foreach (var disk in existing.DataDisks.Prepend(existing.OsDisk).OfType<VmDisk>()) Release(disk);
        base.Delete(existing);
    }

    protected override ActionPlan Action(VirtualMachine existing, string action, IReadOnlyDictionary<string, string> parameters)
    {
        var id = existing.Id!;
        var before = existing.PowerState;
        (PowerState[] From, PowerState During, PowerState After, TimeSpan Min, TimeSpan Max)? transition = action switch
        {
            "start" => ([PowerState.Stopped, PowerState.Deallocated], PowerState.Starting, PowerState.Running, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90)),
            "powerOff" => ([PowerState.Running], PowerState.Stopping, PowerState.Stopped, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(40)),
            "deallocate" => ([PowerState.Running, PowerState.Stopped], PowerState.Deallocating, PowerState.Deallocated, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90)),
            "restart" => ([PowerState.Running], PowerState.Starting, PowerState.Running, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)),
            _ => null,
        };
        if (transition is not { } t) return base.Action(existing, action, parameters);
        if (!t.From.Contains(before))
            throw ArmErrors.Conflict(id.ToString(), $"VM '{existing.Name}' is {before}; '{action}' needs it {string.Join(" or ", t.From)}.", "OperationNotAllowed");
        if (ManagedDisks(existing).FirstOrDefault(d => d.DiskState == DiskState.ActiveSAS) is { } exported)
            throw ArmErrors.Conflict(id.ToString(), $"Disk '{exported.Name}' of VM '{existing.Name}' has an active SAS; call endGetAccess before '{action}'.", "OperationNotAllowed");
        Store.Set(existing with { PowerState = t.During });
        if (before == PowerState.Deallocated) SetDiskStates(existing, DiskState.Attached);
        return new ActionPlan((t.Min, t.Max),
            () =>
            {
                Store.Update(Store.Find<VirtualMachine>(id)!, v => v with { PowerState = t.After });
                if (t.After == PowerState.Deallocated) SetDiskStates(existing, DiskState.Reserved);
            },
            () =>
            {
                Store.Update(Store.Find<VirtualMachine>(id)!, v => v with { PowerState = before });
                if (before == PowerState.Deallocated) SetDiskStates(existing, DiskState.Reserved);
            });
    }

    private List<ManagedDisk> ManagedDisks(VirtualMachine vm) =>
        [.. vm.DataDisks.Prepend(vm.OsDisk).Select(d => d?.ManagedDiskId is { } id ? Store.Find<ManagedDisk>(id) : null).OfType<ManagedDisk>()];

    /// <summary>A VM's managed disks are Attached while it holds its hardware and Reserved while it is deallocated (Compute's diskState).</summary>
    private void SetDiskStates(VirtualMachine vm, DiskState state)
    {
        foreach (var disk in ManagedDisks(vm)) Store.Set(disk with { DiskState = state });
    }
}
