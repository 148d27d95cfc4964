using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Replication;
using Xunit;
using Failback.Scenarios.World;

namespace Failback.Engine.Tests.Cycle;

/// <summary>The whole failover and failback cycle through the vault, on the simulated vCenter and Azure.</summary>
public sealed class WholeCycleTests
{
    internal static readonly ReprotectToOnPremisesInput Back = new("mt-01", "ps-azure", "ds1", "R:");

    [Fact]
    public void CYC1_LOC1_FO3_CM1_TS2_TS3_WholeCycleFailsBackOnlyTheDeltasToTheOriginalVm()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            await w.SetUpAsync();
            var v = w.Vault;
            var id = v.Items.Single().Id;
            var t = w.Sim.Clock;

            await Succeeds(v.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem")));
            await v.WaitForInitialReplicationAsync(id);
            Assert.Equal(ProtectionState.Protected, v.Item(id).State);
            Write(v.GuestDisks(id)![0], 0, 64 * 1024, 1);
            await t.Delay(TimeSpan.FromMinutes(6));
            await v.WaitForCatchUpAsync(id);

            await Succeeds(v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
            Assert.NotNull(v.AzureVm(id));
            // TS-3: Azure turned the static address into DHCP; TS-2: the Linux guest lost NetworkManager.
            Assert.Equal(AddressMode.Dhcp, v.Guest(id).Nics[0].Mode);
            Assert.DoesNotContain("NetworkManager", v.Guest(id).Packages);
            await Succeeds(v.CommitAsync(id));

            await Succeeds(v.ReprotectAsync(id, Back));
            var session = await w.VSphere.LoginAsync(CycleWorld.Vc1, CycleWorld.Admin, CycleWorld.Password);
            Assert.Equal(VirtualMachinePowerState.PoweredOff, (await session.GetVirtualMachineAsync(v.OnPremisesVm(id)!.Value)).PowerState);
            var truth = new GroundTruth(t);
            var guest = truth.Record("disk-0", v.GuestDisks(id)![0]);
            await v.WaitForInitialReplicationAsync(id);
            var resync = Assert.Single(v.InitialReplication(id));
            Assert.Equal(InitialReplicationMode.DeltaResync, resync.Mode);
            Assert.True(resync.BytesSent < CycleWorld.DiskSize / 4, $"the resync sent {resync.BytesSent} bytes of a {CycleWorld.DiskSize}-byte disk");

            Write(guest, 1 << 20, 128 * 1024, 2);
            await t.Delay(TimeSpan.FromMinutes(6));
            await v.WaitForCatchUpAsync(id);
            Write(guest, 2 << 20, 4096, 3); // after the last point: lost by a failover to it
            var point = v.RecoveryPoints(id)[^1];

            await Succeeds(v.UnplannedFailoverAsync(id, UnplannedFailoverInput.At(point.Id)));
            Assert.Equal(ProtectionState.FailedBackToOnPremises, v.Item(id).State);
            var vm = await session.GetVirtualMachineAsync(v.OnPremisesVm(id)!.Value);
            Assert.Equal(VirtualMachinePowerState.PoweredOn, vm.PowerState);
            using (var disk = await session.OpenGuestDiskAsync(vm.MoRef, vm.Disks[0].Key))
                Assert.Null(truth.FirstDifference("disk-0", point.Sequence, disk));
            var loss = v.LastFailover(id)!;
            Assert.Equal((1L, 4096L), (loss.Lost.Writes, loss.Lost.Bytes));

            await Succeeds(v.CommitAsync(id));
            Assert.Null(v.AzureVm(id)); // CM-1
            await Succeeds(v.ReprotectAsync(id, new ReprotectToAzureInput("ps-onprem")));
            await v.WaitForInitialReplicationAsync(id);
            Assert.Equal(ProtectionState.Protected, v.Item(id).State);
            Assert.Equal(InitialReplicationMode.DeltaResync, Assert.Single(v.InitialReplication(id)).Mode);
            Assert.Contains(AsrOperation.UnplannedFailover, v.AllowedOperations(id));
            Assert.All(v.Jobs, j => Assert.Equal(JobState.Succeeded, j.State));
            // The setup's infrastructure jobs (Add vCenter server, the two process servers, the master target), then the cycle's 7.
            Assert.Equal(["DiscoverVCenter", "RegisterProcessServer", "RegisterProcessServer", "RegisterMasterTargetServer"],
                v.Jobs.Where(j => j.Action is not null).Select(j => j.ScenarioName));
            Assert.Equal(7, v.Jobs.Count(j => j.Operation is not null));
        });
    }

    [Fact]
    public void CYC1_DisablingProtectionDeletesTheReplicasSoProtectionCanBeEnabledAgain()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            await w.SetUpAsync();
            var v = w.Vault;
            var id = v.Items.Single().Id;
            await Succeeds(v.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem")));
            await v.WaitForInitialReplicationAsync(id);
            var disks = w.Azure.Resources.OfType<ManagedDisk>().Select(d => d.Name).Where(n => n.StartsWith("app-01", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(disks);

            await Succeeds(v.DisableProtectionAsync(id));
            Assert.Empty(w.Azure.Resources.OfType<ManagedDisk>().Select(d => d.Name).Intersect(disks));

            await Succeeds(v.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem")));
            await v.WaitForInitialReplicationAsync(id);
            Assert.Equal(ProtectionState.Protected, v.Item(id).State);
            Assert.Equal(InitialReplicationMode.FullCopy, Assert.Single(v.InitialReplication(id)).Mode);
        });
    }

    internal static void Write(IBlockDevice disk, long offset, int length, byte seed)
    {
        var data = new byte[length];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)(seed * 31 + i);
        disk.Write(offset, data);
        disk.Flush();
    }

    internal static async Task<Job> Succeeds(Task<Job> operation)
    {
        var job = await operation;
        Assert.True(job.State == JobState.Succeeded, $"job {job.Id} ({job.Operation}) ended {job.State}: {string.Join("; ", job.Errors)}");
        return job;
    }
}
