using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Services;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.VSphere;

namespace Failback.Engine.Vault;

/// <summary>The machines at both sites, driven through the vSphere and ARM ports.</summary>
internal sealed class SiteMachines(VaultRegistry registry, ArmClient arm, VaultSettings settings, DurationDraws draws) : ISiteMachines
{
    public async Task PrepareOnPremisesTargetAsync(ProtectedItem protectedItem, ReprotectToOnPremisesInput input, CancellationToken cancellationToken)
    {
        var item = registry.Item(protectedItem.Id);
        var mt = registry.FindMasterTarget(input.MasterTarget) ?? throw new AsrException(ErrorCatalog.MasterTargetNotDiscovered.Create($"master target '{input.MasterTarget}' is not registered"));
        if (await registry.FindOriginalVmAsync(item, cancellationToken) is { } original)
        {
            // Original location (LOC-1): the VM stays off while its disks receive the deltas.
            var session = registry.Session(item.VSphereServer!);
            if (original.PowerState != VirtualMachinePowerState.PoweredOff)
                await session.WaitForTaskResultAsync(await session.PowerOffVmAsync(original.MoRef, cancellationToken), cancellationToken);
            // Its disks where they are now: a storage vMotion since it was protected (to leave NFS, RP-10) moved the files.
            UseDisks(item, original);
            item.OnPremisesDisksHoldData = true;
            return;
        }
        // Alternate location (LOC-2, LOC-7, LOC-8): a new VM on the master target's host and the chosen datastore.
        var mtSession = registry.Session(mt.VSphereServer);
        var mtVm = await mtSession.GetVirtualMachineAsync(mt.Vm, cancellationToken);
        var inventory = await mtSession.RetrieveInventoryAsync(cancellationToken);
        var datastore = inventory.Datastores.FirstOrDefault(d => d.Name == input.Datastore)
            ?? throw new AsrException(ErrorCatalog.DatastoreNotAccessible.Create($"datastore '{input.Datastore}' is not visible to the account on {mt.VSphereServer}"));
        var vm = await mtSession.WaitForMoRefAsync(await mtSession.CreateVmAsync(mtVm.Host, datastore.MoRef, new VirtualMachineConfigSpec
        {
            Name = item.Name,
            GuestId = item.GuestId,
            NumCpu = 2,
            MemoryMB = 4096,
            AddDisks = [.. item.Disks.Select(d => new VirtualDiskSpec(d.Capacity))],
            AddNics = [.. inventory.Networks.Take(1).Select(n => new VirtualNicSpec(n.Name))],
        }, cancellationToken), cancellationToken);
        var info = await mtSession.GetVirtualMachineAsync(vm, cancellationToken);
        UseDisks(item, info);
        item.VSphereServer = mt.VSphereServer;
        item.OnPremisesVm = vm;
        item.OnPremisesVmUuid = info.Uuid;
        item.OnPremisesAddress = VaultItem.Address(item.Guest, item.Name);
        item.OnPremisesDisksHoldData = false;
    }

    /// <summary>The item's disks are the VM's, in unit order: the files the master target attaches and the VM boots from.</summary>
    private static void UseDisks(VaultItem item, VirtualMachineInfo vm)
    {
        var files = vm.Disks.OrderBy(d => d.UnitNumber).ToList();
        for (var i = 0; i < Math.Min(item.Disks.Count, files.Count); i++)
        {
            item.Disks[i].VmdkPath = files[i].FileName;
            item.Disks[i].DeviceKey = files[i].Key;
        }
    }

    public async Task ShutDownAsync(ProtectedItem protectedItem, Site site, CancellationToken cancellationToken)
    {
        var item = registry.Item(protectedItem.Id);
        if (site == Site.Azure)
        {
            if (item.AzureVm is null) return;
            // The guest as it ran in Azure travels back with the disks (TS-2, TS-3).
            var vm = await arm.GetAsync<VirtualMachine>(item.AzureVm, cancellationToken);
            if (vm.Guest is { } guest) item.Guest = guest;
            if (vm.PowerState is PowerState.Running or PowerState.Starting)
                await arm.ActionAsync(item.AzureVm, "powerOff", cancellationToken: cancellationToken);
            return;
        }
        if (item.OnPremisesVm is { } moRef)
        {
            var session = registry.Session(item.VSphereServer!);
            var info = await session.GetVirtualMachineAsync(moRef, cancellationToken);
            if (info.PowerState != VirtualMachinePowerState.PoweredOff)
                await session.WaitForTaskResultAsync(await session.PowerOffVmAsync(moRef, cancellationToken), cancellationToken);
        }
    }

    public async Task StartAsync(ProtectedItem protectedItem, Site site, CancellationToken cancellationToken)
    {
        var item = registry.Item(protectedItem.Id);
        if (site == Site.Azure)
        {
            await CreateAzureVmAsync(item, cancellationToken);
            return;
        }
        var session = registry.Session(item.VSphereServer!);
        // The disks came back with the guest as it ran in Azure: it boots with DHCP, without NetworkManager (TS-2, TS-3).
        await session.WriteGuestAsync(item.OnPremisesVm!.Value, item.Guest, cancellationToken);
        try
        {
            await session.WaitForTaskResultAsync(await session.PowerOnVmAsync(item.OnPremisesVm!.Value, cancellationToken), cancellationToken);
        }
        catch (VSphereFault fault) when (fault.FaultType == VSphereFaultType.InsufficientResourcesFault)
        {
            throw new AsrException(ErrorCatalog.OnPremisesHostOutOfMemory.Create(fault.LocalizedMessage));
        }
    }

    public async Task DeleteAzureVmAsync(ProtectedItem protectedItem, CancellationToken cancellationToken)
    {
        var item = registry.Item(protectedItem.Id);
        if (item.AzureVm is { } vm) await arm.DeleteAsync(vm, cancellationToken);
        if (item.AzureNic is { } nic) await arm.DeleteAsync(nic, cancellationToken);
        item.AzureVm = null;
        item.AzureNic = null;
    }

    public async Task PrepareTestVmAsync(ProtectedItem protectedItem, string? networkId, CancellationToken cancellationToken)
    {
        var item = registry.Item(protectedItem.Id);
        var s = settings;
        var network = networkId is null ? await IsolatedTestNetworkAsync(cancellationToken) : await TestNetworkAsync(networkId, cancellationToken);
        var subnet = network.FindSubnet(s.RecoverySubnet) ?? network.Subnets.FirstOrDefault(n => n.Name != "GatewaySubnet")
            ?? throw new AsrException(ErrorCatalog.TestNetworkUnusable.Create($"network '{network.Name}' has no subnet for the test VM of '{item.Name}'"));
        var nic = ArmTypes.NetworkInterface(s.SubscriptionId, s.ResourceGroup, $"{item.Name}-test-nic");
        await arm.CreateOrUpdateAsync(nic, new NetworkInterface { Location = s.Location, SubnetId = subnet.Id }, cancellationToken);
        item.TestNic = nic;
    }

    public async Task StartTestVmAsync(ProtectedItem protectedItem, CancellationToken cancellationToken)
    {
        var item = registry.Item(protectedItem.Id);
        var s = settings;
        var id = ArmTypes.VirtualMachine(s.SubscriptionId, s.ResourceGroup, $"{item.Name}-test");
        item.TestVm = id; // before the call: a VM whose creation failed half-way is still cleaned up
        await arm.CreateOrUpdateAsync(id, new VirtualMachine
        {
            Location = s.Location, Size = s.RecoveryVmSize,
            OsDisk = new VmDisk { ManagedDiskId = item.TestDisks[0] },
            DataDisks = [.. item.TestDisks.Skip(1).Select((d, i) => new VmDisk { Lun = i, ManagedDiskId = d })],
            NetworkInterfaceIds = [item.TestNic!],
        }, cancellationToken);
    }

    public async Task DeleteTestVmAsync(ProtectedItem protectedItem, CancellationToken cancellationToken)
    {
        var item = registry.Item(protectedItem.Id);
        if (item.TestVm is { } vm) await DeleteIfExistsAsync(vm, cancellationToken);
        item.TestVm = null;
        if (item.TestNic is { } nic) await DeleteIfExistsAsync(nic, cancellationToken);
        item.TestNic = null;
        foreach (var disk in item.TestDisks.ToList())
        {
            await DeleteIfExistsAsync(disk, cancellationToken);
            item.TestDisks.Remove(disk);
        }
    }

    /// <summary>The vault's isolated test network: the recovery network's address space and subnets, no gateway, so no route to on-premises or to production.</summary>
    private async Task<VirtualNetwork> IsolatedTestNetworkAsync(CancellationToken cancellationToken)
    {
        var s = settings;
        var id = ArmTypes.VirtualNetwork(s.SubscriptionId, s.ResourceGroup, s.RecoveryNetwork + "-test");
        if (await FindAsync<VirtualNetwork>(id, cancellationToken) is { } existing) return existing;
        var recovery = await arm.GetAsync<VirtualNetwork>(s.RecoveryNetworkId, cancellationToken);
        return await arm.CreateOrUpdateAsync(id, new VirtualNetwork
        {
            Location = s.Location,
            AddressPrefixes = recovery.AddressPrefixes,
            Subnets = [.. recovery.Subnets.Where(n => n.Name != "GatewaySubnet").Select(n => new Subnet(n.Name, n.AddressPrefix))],
        }, cancellationToken);
    }

    private async Task<VirtualNetwork> TestNetworkAsync(string networkId, CancellationToken cancellationToken)
    {
        var id = ResourceId.TryParse(networkId, out var parsed) ? parsed : null;
        return (id is null ? null : await FindAsync<VirtualNetwork>(id, cancellationToken))
            ?? throw new AsrException(ErrorCatalog.TestNetworkUnusable.Create(
                $"{(id is null ? $"'{networkId}'" : $"'{id.Name}' in resource group '{id.ResourceGroup}'")} is not an existing Azure virtual network"));
    }

    private async Task<T?> FindAsync<T>(ResourceId id, CancellationToken cancellationToken) where T : ArmResource
    {
        try
        {
            return await arm.GetAsync<T>(id, cancellationToken);
        }
        catch (ArmException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private async Task DeleteIfExistsAsync(ResourceId id, CancellationToken cancellationToken)
    {
        if (await FindAsync<ArmResource>(id, cancellationToken) is not null) await arm.DeleteAsync(id, cancellationToken);
    }

    /// <summary>
    /// The recovered VM: a NIC on the item's recovery network (chosen at enable, else the vault's), the replica disks
    /// attached, booted (Azure turns the guest to DHCP, TS-3).
    /// </summary>
    private async Task CreateAzureVmAsync(VaultItem item, CancellationToken cancellationToken)
    {
        var s = settings;
        var nic = ArmTypes.NetworkInterface(s.SubscriptionId, s.ResourceGroup, $"{item.Name}-nic");
        var subnet = item.RecoveryNetwork?.Child(ArmTypes.Subnets, s.RecoverySubnet) ?? s.RecoverySubnetId;
        await arm.CreateOrUpdateAsync(nic, new NetworkInterface { Location = s.Location, SubnetId = subnet }, cancellationToken);
        item.AzureNic = nic;
        var id = ArmTypes.VirtualMachine(s.SubscriptionId, s.ResourceGroup, item.Name);
        var vm = await arm.CreateOrUpdateAsync(id, new VirtualMachine
        {
            Location = s.Location, Size = s.RecoveryVmSize,
            OsDisk = new VmDisk { ManagedDiskId = item.Disks[0].AzureVmDisk },
            DataDisks = [.. item.Disks.Skip(1).Select((d, i) => new VmDisk { Lun = i, ManagedDiskId = d.AzureVmDisk })],
            NetworkInterfaceIds = [nic],
        }, cancellationToken);
        item.AzureVm = id;
        // Its mobility agent registers with the configuration server some minutes after the VM boots (95226 until then).
        item.AgentRegistersAt = arm.Time.GetUtcNow() + draws.Next(settings.Durations.AgentReRegistration);
        if (vm.Guest is { } guest) item.Guest = guest;
    }
}
