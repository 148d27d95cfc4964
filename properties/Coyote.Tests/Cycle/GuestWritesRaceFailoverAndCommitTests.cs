using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Microsoft.Coyote.Specifications;
using Xunit;
using Xunit.Abstractions;
using static Failback.Coyote.Tests.Cycle.WiredWorld;

namespace Failback.Coyote.Tests.Cycle;

/// <summary>
/// Guest writes racing an unplanned failover and then a commit, on the wired engine, in every order Coyote explores:
/// the on-premises guest writes until the disaster (a moment Coyote chooses) while its writes are in flight to Azure;
/// the failover to the latest point recovers exactly the ground truth at that point and counts exactly the writes after
/// it; then the guest in Azure writes while the commit runs, and the commit changes nothing the guest wrote.
/// </summary>
public sealed class GuestWritesRaceFailoverAndCommitTests(ITestOutputHelper output)
{
    private const ulong Seed = 21;
    private const uint Iterations = 10;

    internal static Task Scenario() => RunAsync(Seed, async w =>
    {
        var v = w.Vault;
        var clock = w.Sim.Clock;
        var (id, truth, guest) = await ProtectedAsync(w);

        // The guest writes every 20 s; the site goes down after a lag Coyote chooses, and the failover starts at once.
        var siteDown = false;
        var writer = w.Sim.Spawn("guest", async () =>
        {
            for (var i = 0; !siteDown && i < 12; i++)
            {
                Write(guest, 64 * 1024 * (i % 48), 4096 + 512 * i, (byte)(i + 2));
                await clock.Delay(TimeSpan.FromSeconds(20));
            }
        });
        await clock.Delay(TimeSpan.FromSeconds(10 * Choose(24)));
        siteDown = true;
        Disaster(w);
        Succeeded(await v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
        await writer;

        var failover = v.LastFailover(id)!;
        var point = failover.Point;
        using (var disk = w.Azure.OpenGuestDisk(v.AzureVm(id)!, null))
        {
            var at = truth.FirstDifference("disk-0", point.Sequence, disk);
            Specification.Assert(at is null, $"the disk recovered in Azure differs from the ground truth at {point.Id} (sequence {point.Sequence} of {truth.Writes.Count} writes) at byte {at}");
        }
        var lost = truth.Writes.Count - point.Sequence;
        Specification.Assert(failover.Lost.Writes == lost, $"the failover to {point.Id} reports {failover.Lost.Writes} writes lost; the truth says {lost}");

        // The guest now runs in Azure and writes while the commit runs.
        using var azureDisk = w.Azure.OpenGuestDisk(v.AzureVm(id)!, null);
        var expected = truth.ContentAfter("disk-0", point.Sequence).ToArray();
        var azureWriter = w.Sim.Spawn("guest-in-azure", async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await clock.Delay(TimeSpan.FromSeconds(Choose(3)));
                var offset = (2L << 20) + i * 8192;
                Write(azureDisk, offset, 4096, (byte)(100 + i));
                Pattern(4096, (byte)(100 + i)).CopyTo(expected.AsSpan((int)offset));
            }
        });
        Succeeded(await v.CommitAsync(id));
        await azureWriter;
        Specification.Assert(v.Item(id).State == ProtectionState.FailoverCommittedInAzure, $"after commit the item is {v.Item(id).State}");
        var actual = new byte[expected.Length];
        azureDisk.Read(0, actual);
        var differs = expected.AsSpan().CommonPrefixLength(actual);
        Specification.Assert(differs == expected.Length, $"the commit changed the running Azure guest's disk at byte {differs}");
    });

    [Fact]
    public void FO2_CM3_GuestWritesRacingFailoverAndCommit_LoseNothingBeforeThePoint_InEveryExploredSchedule()
    {
        WiredWorld.Passes(output, "guest writes race failover and commit", Seed, Iterations, Scenario);
    }
}
