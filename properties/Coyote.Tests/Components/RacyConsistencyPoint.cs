using Failback.Engine.Ports;
using Failback.Simulators.Kernel;

namespace Failback.Coyote.Tests.Components;

/// <summary>
/// Deliberately racy, test-only: the configuration server tags an application-consistent point at the
/// same instant the process server's last upload is due, assuming the upload has already landed. The
/// kernel's own loop always runs the upload first (timers due together fire in creation order and
/// their work runs before time moves), so seeded runs never see the bug; Coyote finds the schedule
/// where the tag goes first.
/// </summary>
internal static class RacyConsistencyPoint
{
    public static async Task Run(Simulation sim, Action<bool, string> assert)
    {
        var uploaded = false;
        var upload = sim.Spawn("ps-1", async () =>
        {
            await sim.Clock.Delay(TimeSpan.FromSeconds(30));
            uploaded = true;
            sim.Trace.Emit("ps-1", "upload.done");
        });
        var tag = sim.Spawn("cs-1", async () =>
        {
            await sim.Clock.Delay(TimeSpan.FromSeconds(30));
            assert(uploaded, "the consistency point was tagged before the last upload landed");
            sim.Trace.Emit("cs-1", "consistency-point.tagged");
        });
        await Task.WhenAll(new[] { upload, tag });
    }
}
