using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>
/// The preflight (what ASR's API answers before any job): the refusal of the input or of the item's state, else the first
/// error of the very prerequisite check the job's first task runs; no job is made and the item does not move.
/// </summary>
public sealed class PreflightTests
{
    [Fact]
    public void The_preflight_answers_the_error_the_jobs_first_task_fails_on_and_makes_no_job()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 3 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.FailoverCommittedInAzure);
            h.Discovery.Failback = (_, e) => e with { AzureVm = e.AzureVm with { Running = false } };

            var error = await h.Orchestrator.PreflightAsync("vm-1", AsrOperation.ReverseReplicate, Harness.Back);
            Assert.Equal("78093", error?.Code);
            Assert.Empty(h.Jobs.All());
            Assert.Equal(ProtectionState.FailoverCommittedInAzure, h.Orchestrator.Item("vm-1").State);
            var failed = await h.Orchestrator.ReprotectAsync("vm-1", Harness.Back); // the job meets the same error
            Assert.Equal((error!.Code, error.Message), (failed.Errors[0].Code, failed.Errors[0].Message));

            // Refused before any job: the item's state, the input, the input's type.
            Assert.Equal(ErrorCatalog.OperationNotAllowed.Code, (await h.Orchestrator.PreflightAsync("vm-1", AsrOperation.Commit))?.Code);
            Assert.Equal(ErrorCatalog.ReprotectDatastoreMissing.Code,
                (await h.Orchestrator.PreflightAsync("vm-1", AsrOperation.ReverseReplicate, Harness.Back with { Datastore = "" }))?.Code);
            await Assert.ThrowsAsync<ArgumentException>(() => h.Orchestrator.PreflightAsync("vm-1", AsrOperation.ReverseReplicate, Harness.Forward.ProcessServer));

            // Fixed, the preflight passes, and the job does too.
            h.Discovery.Failback = (_, e) => e;
            Assert.Null(await h.Orchestrator.PreflightAsync("vm-1", AsrOperation.ReverseReplicate, Harness.Back));
            Assert.Single(h.Jobs.All());
            Assert.Equal(JobState.Succeeded, (await h.Orchestrator.ReprotectAsync("vm-1", Harness.Back)).State);
        });
    }
}
