using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Services;
using Failback.Engine.Ports;

namespace Failback.TestKit.Fakes;

/// <summary>The machines of both sites as a test double: where each item's machine runs and is powered on, every change logged.</summary>
public sealed class FakeSiteMachines(TimeProvider time) : ISiteMachines
{
    public TimeSpan StepTime { get; set; } = TimeSpan.FromMinutes(2);
    public List<string> Changes { get; } = [];
    /// <summary>Items whose VM exists in Azure.</summary>
    public HashSet<string> AzureVms { get; } = new(StringComparer.Ordinal);
    /// <summary>Items whose VM runs, as (item, site).</summary>
    public HashSet<(string Item, Site Site)> Running { get; } = [];
    public Dictionary<string, Exception> Faults { get; } = new(StringComparer.Ordinal);

    public async Task PrepareOnPremisesTargetAsync(ProtectedItem item, ReprotectToOnPremisesInput input, CancellationToken cancellationToken)
    {
        await Change("PrepareOnPremisesTarget", item.Id, input.Datastore, cancellationToken);
        Running.Remove((item.Id, Site.OnPremises));
    }

    public async Task ShutDownAsync(ProtectedItem item, Site site, CancellationToken cancellationToken)
    {
        await Change("ShutDown", item.Id, $"{site}", cancellationToken);
        Running.Remove((item.Id, site));
    }

    public async Task StartAsync(ProtectedItem item, Site site, CancellationToken cancellationToken)
    {
        await Change("Start", item.Id, $"{site}", cancellationToken);
        if (site == Site.Azure) AzureVms.Add(item.Id);
        Running.Add((item.Id, site));
    }

    /// <summary>Items whose test VM exists.</summary>
    public HashSet<string> TestVms { get; } = new(StringComparer.Ordinal);

    public Task PrepareTestVmAsync(ProtectedItem item, string? networkId, CancellationToken cancellationToken) =>
        Change("PrepareTestVm", item.Id, networkId ?? "isolated", cancellationToken);

    public async Task StartTestVmAsync(ProtectedItem item, CancellationToken cancellationToken)
    {
        await Change("StartTestVm", item.Id, "", cancellationToken);
        TestVms.Add(item.Id);
    }

    public async Task DeleteTestVmAsync(ProtectedItem item, CancellationToken cancellationToken)
    {
        await Change("DeleteTestVm", item.Id, "", cancellationToken);
        TestVms.Remove(item.Id);
    }

    public async Task DeleteAzureVmAsync(ProtectedItem item, CancellationToken cancellationToken)
    {
        await Change("DeleteAzureVm", item.Id, "", cancellationToken);
        AzureVms.Remove(item.Id);
        Running.Remove((item.Id, Site.Azure));
    }

    private async Task Change(string method, string itemId, string detail, CancellationToken cancellationToken)
    {
        await time.Delay(StepTime, cancellationToken);
        if (Faults.Remove($"{method}:{itemId}", out var fault)) throw fault;
        Changes.Add($"{method} {itemId} {detail}".TrimEnd());
    }
}
