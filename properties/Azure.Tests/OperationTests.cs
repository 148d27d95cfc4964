using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Kernel;
using static Failback.Azure.Tests.AzureWorld;

namespace Failback.Azure.Tests;

/// <summary>Long-running operations, throttling and injected refusals, as ARM runs them.</summary>
public class OperationTests
{
    [Fact]
    public void PutAnswers201ThenCompletesInVirtualTime()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var id = ArmTypes.VirtualNetwork(w.Sub, "rg", "vnet");
            var op = await w.Arm.BeginCreateOrUpdateAsync(id, new VirtualNetwork { Location = Location, AddressPrefixes = ["10.1.0.0/16"] });
            Assert.Equal(201, op.StatusCode);
            Assert.Equal(OperationStatus.InProgress, op.Status);
            Assert.Equal(TimeSpan.FromSeconds(10), op.RetryAfter);
            Assert.Equal(ProvisioningState.Creating, (await w.Arm.GetAsync(id)).ProvisioningState);

            var started = w.Sim.Clock.Elapsed;
            var done = await w.Arm.WaitForCompletionAsync(op, w.Time);
            Assert.Equal(OperationStatus.Succeeded, done.Status);
            Assert.True(w.Sim.Clock.Elapsed - started >= TimeSpan.FromSeconds(5), "a virtual network takes 5-20 virtual seconds");
            Assert.NotNull(done.EndTime);
            Assert.Equal(ProvisioningState.Succeeded, (await w.Arm.GetAsync(id)).ProvisioningState);

            var update = await w.Arm.BeginCreateOrUpdateAsync(id, new VirtualNetwork { Location = Location, AddressPrefixes = ["10.1.0.0/16", "10.2.0.0/16"] });
            Assert.Equal(200, update.StatusCode);
        });
    }

    [Fact]
    public void AClientThatHonoursRetryAfterGetsThroughAn429InVirtualTime()
    {
        using var w = new AzureWorld();
        w.Sim.Faults.Add(new FaultRule { Target = "azure", Operation = "put", Object = "*/virtualNetworks/*", Fault = "429", Detail = "20", Count = 2 });
        w.Run(async () =>
        {
            await w.Group("rg");
            var id = ArmTypes.VirtualNetwork(w.Sub, "rg", "vnet");
            var body = new VirtualNetwork { Location = Location, AddressPrefixes = ["10.1.0.0/16"] };
            var refused = await Refused(() => w.Arm.BeginCreateOrUpdateAsync(id, body));
            Assert.Equal(429, refused.Status);
            Assert.Equal("SubscriptionRequestsThrottled", refused.Code);
            Assert.Equal($"Number of 'write' requests for subscription '{w.Sub}' exceeded. Please try again after '20' seconds after additional tokens are available.", refused.Error.Message);
            Assert.Equal(TimeSpan.FromSeconds(20), refused.RetryAfter);
            Assert.False(w.Cloud.Resources.Any(r => r.Id == id), "a throttled request changes nothing");

            var before = w.Sim.Clock.Elapsed;
            var vnet = await w.Arm.CreateOrUpdateAsync(id, body, w.Time);
            Assert.Equal(ProvisioningState.Succeeded, vnet.ProvisioningState);
            Assert.True(w.Sim.Clock.Elapsed - before >= TimeSpan.FromSeconds(20), "the client waited the second 429's Retry-After");
        });
    }

    [Theory]
    [InlineData("429")]
    [InlineData("ServerBusy")]
    public void TheBlobServiceThrottlesWith503ServerBusyNot429(string fault)
    {
        using var w = new AzureWorld();
        w.Sim.Faults.Add(new FaultRule { Target = "azure", Operation = "createContainer", Fault = fault, Count = 1 });
        w.Run(async () =>
        {
            await w.Group("rg");
            var account = await w.Account("rg", "store1");
            w.Sim.Faults.Add(new FaultRule { Target = "azure", Operation = "get", Fault = fault, Count = 1 });
            var busy = await Refused(() => w.Blobs.CreateContainerAsync(account.Id!, "vhds"));
            Assert.Equal((503, "ServerBusy", (TimeSpan?)null), (busy.Status, busy.Code, busy.RetryAfter));
            await w.Blobs.CreateContainerAsync(account.Id!, "vhds");
            // The same fault on an ARM call is ARM's throttle: a read this time.
            var throttled = await Refused(() => w.Arm.GetAsync(account.Id!));
            Assert.Equal((429, "SubscriptionRequestsThrottled"), (throttled.Status, throttled.Code));
            Assert.StartsWith("Number of 'read' requests", throttled.Error.Message);
        });
    }

    [Fact]
    public void ThrottledPollsAreRetriedToo()
    {
        using var w = new AzureWorld();
        w.Sim.Faults.Add(new FaultRule { Target = "azure", Operation = "getOperation", Fault = "429", Detail = "7", Count = 3 });
        w.Run(async () =>
        {
            await w.Group("rg");
            var vnet = await w.Vnet("rg", "vnet");
            Assert.Equal(ProvisioningState.Succeeded, vnet.ProvisioningState);
        });
    }

    [Theory]
    [InlineData("409", 409, "Conflict")]
    [InlineData("404", 404, "ResourceNotFound")]
    [InlineData("500", 500, "InternalServerError")]
    [InlineData("400", 400, "InvalidParameter")]
    public void InjectedRefusalsSpeakArm(string fault, int status, string code)
    {
        using var w = new AzureWorld();
        w.Sim.Faults.Add(new FaultRule { Target = "azure", Operation = "put", Object = "*/networkInterfaces/*", Fault = fault, Count = 1 });
        w.Run(async () =>
        {
            await w.Group("rg");
            var vnet = await w.Vnet("rg", "vnet");
            var before = w.Snapshot();
            var e = await Refused(() => w.Nic("rg", "nic", vnet.Subnets[0].Id!));
            Assert.Equal(status, e.Status);
            Assert.Equal(code, e.Code);
            Assert.NotNull(e.Error.Target);
            Assert.Equal(before, w.Snapshot());
            await w.Nic("rg", "nic", vnet.Subnets[0].Id!); // the rule fired once
        });
    }

    [Fact]
    public void AnInjectedOperationFailureEndsTheOperationFailed()
    {
        using var w = new AzureWorld();
        w.Sim.Faults.Add(new FaultRule { Target = "azure", Operation = "put", Object = "*/virtualNetworks/vnet", Fault = "OperationFailed", Detail = "Allocation failed", Count = 1 });
        w.Run(async () =>
        {
            await w.Group("rg");
            var id = ArmTypes.VirtualNetwork(w.Sub, "rg", "vnet");
            var op = await w.Arm.BeginCreateOrUpdateAsync(id, new VirtualNetwork { Location = Location, AddressPrefixes = ["10.1.0.0/16"] });
            Assert.Equal(OperationStatus.InProgress, op.Status);
            var e = await Refused(() => w.Arm.WaitForCompletionAsync(op, w.Time));
            Assert.Equal("OperationFailed", e.Code);
            Assert.Equal("Allocation failed", e.Error.Message);
            var polled = await w.Arm.GetOperationAsync(op.Id);
            Assert.Equal(OperationStatus.Failed, polled.Status);
            Assert.Equal(ProvisioningState.Failed, (await w.Arm.GetAsync(id)).ProvisioningState);
            // A retried PUT repairs it, as in ARM.
            var vnet = await w.Put(id, new VirtualNetwork { Location = Location, AddressPrefixes = ["10.1.0.0/16"] });
            Assert.Equal(ProvisioningState.Succeeded, vnet.ProvisioningState);
        });
    }

    [Fact]
    public void AWriteWhileAnOperationRunsIsAConflict()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var id = ArmTypes.VirtualNetwork(w.Sub, "rg", "vnet");
            var body = new VirtualNetwork { Location = Location, AddressPrefixes = ["10.1.0.0/16"] };
            var op = await w.Arm.BeginCreateOrUpdateAsync(id, body);
            var e = await Refused(() => w.Arm.BeginDeleteAsync(id));
            Assert.Equal(409, e.Status);
            Assert.Equal("AnotherOperationInProgress", e.Code);
            await w.Arm.WaitForCompletionAsync(op, w.Time);
            var delete = await w.Arm.BeginDeleteAsync(id);
            Assert.Equal(202, delete.StatusCode);
            await w.Arm.WaitForCompletionAsync(delete, w.Time);
            Assert.Equal(404, (await Refused(() => w.Arm.GetAsync(id))).Status);
            Assert.Equal(204, (await w.Arm.BeginDeleteAsync(id)).StatusCode);
        });
    }

    [Fact]
    public void MissingThingsAre404WithArmCodes()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            var inMissingGroup = await Refused(() => w.Arm.GetAsync(ArmTypes.VirtualNetwork(w.Sub, "nope", "vnet")));
            Assert.Equal("ResourceGroupNotFound", inMissingGroup.Code);
            Assert.Equal("ResourceGroupNotFound", (await Refused(() => w.Arm.GetAsync(ResourceId.Group(w.Sub, "rg")))).Code);
            await w.Group("rg");
            var missing = await Refused(() => w.Arm.GetAsync(ArmTypes.VirtualNetwork(w.Sub, "rg", "vnet")));
            Assert.Equal((404, "ResourceNotFound"), (missing.Status, missing.Code));
            Assert.Equal(ArmTypes.VirtualNetwork(w.Sub, "rg", "vnet").ToString(), missing.Error.Target);
            var subscription = Assert.IsType<Subscription>(await w.Arm.GetAsync(ResourceId.Subscription(w.Sub)));
            Assert.Equal(("Enabled", w.Sub), (subscription.State, subscription.Name));
            var otherSub = await Refused(() => w.Arm.GetAsync(ResourceId.Group("other", "rg")));
            Assert.Equal("SubscriptionNotFound", otherSub.Code);
            var put = await Refused(() => w.Arm.BeginCreateOrUpdateAsync(ArmTypes.VirtualNetwork(w.Sub, "nope", "vnet"), new VirtualNetwork { Location = Location, AddressPrefixes = ["10.0.0.0/16"] }));
            Assert.Equal((404, "ResourceGroupNotFound"), (put.Status, put.Code));
            var op = await Refused(() => w.Arm.GetOperationAsync("/subscriptions/x/operations/y"));
            Assert.Equal("OperationNotFound", op.Code);
        });
    }

    [Fact]
    public void ADelayRuleSlowsTheAnswerInVirtualTime()
    {
        using var w = new AzureWorld();
        w.Sim.Faults.Add(new FaultRule { Target = "azure", Operation = "get", Delay = TimeSpan.FromMinutes(2) });
        w.Run(async () =>
        {
            await w.Group("rg");
            var before = w.Sim.Clock.Elapsed;
            await w.Arm.GetAsync(ResourceId.Group(w.Sub, "rg"));
            Assert.Equal(TimeSpan.FromMinutes(2), w.Sim.Clock.Elapsed - before);
        });
    }
}
