using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure.Compute;
using Failback.Simulators.Azure.Connectivity;
using Failback.Simulators.Azure.Core;
using Failback.Simulators.Azure.Network;
using Failback.Simulators.Azure.Resources;
using Failback.Simulators.Azure.Storage;
using Failback.Simulators.Kernel;

namespace Failback.Simulators.Azure;

/// <summary>
/// The simulated Azure: one subscription's resources behind ARM's REST semantics (<see cref="IArm"/>),
/// the blob service of its storage accounts (<see cref="IBlobStorage"/>) and the network that joins
/// it to on-premises sites (<see cref="Network"/>). Every request first consults the fault plan
/// (target "azure", the operation, the resource ID), so 429s, 409s, 404s, 500s, delays and failed
/// operations can be injected; everything it decides is traced and drawn from the "azure" stream.
/// </summary>
public sealed partial class AzureCloud : IArm
{
    private readonly FaultPlan _faults;
    private readonly Dictionary<string, IResourceHandler> _handlers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ResourceGroupHandler _groups;

    public AzureCloud(Simulation simulation, AzureOptions options)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Clock = simulation.Clock;
        Choices = simulation.Choices.Stream("azure");
        Trace = simulation.Trace;
        _faults = simulation.Faults;
        Operations = new OperationTracker(Clock, Choices, Trace, options);
        Directory.CreateDirectory(options.StorageRoot);
        Vhds = new VhdFiles(options.StorageRoot);
        _groups = new ResourceGroupHandler(this);
        foreach (var model in new[] { DeploymentModel.ResourceManager, DeploymentModel.Classic })
        {
            Register(new VirtualNetworkHandler(this, model));
            Register(new StorageAccountHandler(this, model));
            Register(new VirtualMachineHandler(this, model));
        }
        Register(new NetworkInterfaceHandler(this));
        Register(new ManagedDiskHandler(this));
        Register(new VirtualNetworkGatewayHandler(this));
        Register(new LocalNetworkGatewayHandler(this));
        Register(new ExpressRouteCircuitHandler(this));
        Register(new ConnectionHandler(this));
        Blobs = new BlobService(this);
        Network = new AzureNetwork(this, simulation.Faults);
        Trace.Emit("azure", "started", ("subscription", options.SubscriptionId)); // no paths: a trace must not depend on the machine
    }

    public AzureOptions Options { get; }
    public TimeProvider Clock { get; }
    /// <summary>The network between the on-premises sites and Azure; the engine's <c>INetwork</c>.</summary>
    public AzureNetwork Network { get; }
    /// <summary>The blob service of the storage accounts; the engine's <c>IBlobStorage</c>.</summary>
    public IBlobStorage BlobStorage => Blobs;

    /// <summary>Every resource in ID order, for checkers and reports (the engine goes through the port).</summary>
    public IReadOnlyList<ArmResource> Resources => Store.Items.ToList();

    /// <summary>Every page blob in URI order, for checkers and reports.</summary>
    public IReadOnlyList<PageBlob> PageBlobs => Blobs.All;

    internal ChoiceStream Choices { get; }
    internal Trace Trace { get; }
    internal ResourceStore Store { get; } = new();
    internal OperationTracker Operations { get; }
    internal VhdFiles Vhds { get; }
    internal BlobService Blobs { get; }

    private void Register(IResourceHandler handler) => _handlers.Add(handler.ResourceType, handler);

    public async Task<ArmResource> GetAsync(ResourceId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await Gate("get", id.ToString(), id, cancellationToken);
        CheckScope(id);
        if (id.ResourceGroup is null) return new Subscription { Id = id, DisplayName = Options.SubscriptionName, ProvisioningState = ProvisioningState.Succeeded };
        return Store.Find(id) ?? throw (!Store.Contains(id.ResourceGroupId) ? ArmErrors.GroupNotFound(id) : ArmErrors.NotFound(id));
    }

    public async Task<IReadOnlyList<ArmResource>> ListAsync(ResourceId scope, string resourceType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await Gate("list", scope.ToString(), scope, cancellationToken);
        CheckSubscription(scope);
        if (scope.Namespace is not null)
            throw ArmErrors.Invalid(scope.ToString(), "A listing's scope is a subscription or a resource group.", "InvalidScope");
        if (scope.ResourceGroup is not null && !Store.Contains(scope)) throw ArmErrors.GroupNotFound(scope);
        return Store.Items
            .Where(r => r.Id!.ResourceType.Equals(resourceType, StringComparison.OrdinalIgnoreCase))
            .Where(r => scope.ResourceGroup is null || string.Equals(r.Id!.ResourceGroup, scope.ResourceGroup, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    public async Task<ArmOperation> BeginCreateOrUpdateAsync(ResourceId id, ArmResource body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(body);
        var injected = await Gate("put", id.ToString(), id, cancellationToken);
        CheckSubscription(id);
        var existing = Store.Find(id);
        if (id.Namespace is null && id.ResourceGroup is not null)
        {
            var group = _groups.Put(id, body, existing).Resource;
            Store.Set(group with { Id = id, ProvisioningState = ProvisioningState.Succeeded });
            return Operations.Completed(id, "PUT", existing is null ? 201 : 200, group.Location);
        }
        var handler = HandlerFor(id);
        if (!handler.BodyType.IsInstanceOfType(body))
            throw ArmErrors.Invalid(id.ToString(), $"A PUT to '{id.ResourceType}' takes a {handler.BodyType.Name} body, not a {body.GetType().Name}.", "InvalidRequestContent");
        if (!Store.Contains(id.ResourceGroupId)) throw ArmErrors.GroupNotFound(id);
        if (Operations.RunningOn(id) is { } running) throw ArmErrors.InProgress(id, running.Method);
        CheckName(id);
        CheckLocation(id, body.Location);
        if (existing is not null && !existing.Location.Equals(body.Location, StringComparison.OrdinalIgnoreCase))
            throw ArmErrors.Conflict("location", $"'{id.Name}' is in '{existing.Location}'; a resource cannot move to '{body.Location}'.", "InvalidResourceLocation");

        var plan = handler.Put(id, body, existing);
        var stored = plan.Resource with
        {
            Id = id,
            Location = body.Location.ToLowerInvariant(),
            ProvisioningState = existing is null ? ProvisioningState.Creating : ProvisioningState.Updating,
        };
        Store.Set(stored);
        Trace.Emit("azure", "put", ("id", id.ToString()), ("type", stored.GetType().Name), ("new", existing is null));
        return Operations.Start(id, "PUT", existing is null ? 201 : 200, stored.Location, handler.PutTime,
            () =>
            {
                plan.OnSucceeded?.Invoke();
                SetProvisioningState(id, ProvisioningState.Succeeded);
            },
            _ =>
            {
                plan.OnFailed?.Invoke();
                SetProvisioningState(id, ProvisioningState.Failed);
            }, injected);
    }

    public async Task<ArmOperation> BeginDeleteAsync(ResourceId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var injected = await Gate("delete", id.ToString(), id, cancellationToken);
        CheckSubscription(id);
        if (id.Namespace is not null) HandlerFor(id);
        if (Store.Find(id) is not { } existing)
            return Operations.Completed(id, "DELETE", 204, ""); // ARM answers 204 No Content for what is already gone
        if (Operations.RunningOn(id) is { } running) throw ArmErrors.InProgress(id, running.Method);

        Action delete;
        (TimeSpan, TimeSpan) time;
        if (existing is ResourceGroup)
        {
            var members = Store.Items.Where(r => r.Id!.Namespace is not null && string.Equals(r.Id.ResourceGroup, id.ResourceGroup, StringComparison.OrdinalIgnoreCase)).ToList();
            if (members.FirstOrDefault(m => Operations.RunningOn(m.Id!) is not null) is { } busy)
                throw ArmErrors.InProgress(busy.Id!, Operations.RunningOn(busy.Id!)!.Method);
            delete = () => DeleteGroup(id);
            time = (TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2));
        }
        else
        {
            var handler = HandlerFor(id);
            handler.ValidateDelete(existing);
            delete = () => handler.Delete(Store.Find(id)!);
            time = handler.DeleteTime;
        }
        Store.Set(existing with { ProvisioningState = ProvisioningState.Deleting });
        Trace.Emit("azure", "delete", ("id", id.ToString()));
        return Operations.Start(id, "DELETE", 202, existing.Location, time, delete,
            _ => SetProvisioningState(id, ProvisioningState.Failed), injected);
    }

    public async Task<ArmOperation> BeginActionAsync(ResourceId id, string action, IReadOnlyDictionary<string, string>? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        var injected = await Gate(action, id.ToString(), id, cancellationToken);
        CheckSubscription(id);
        var handler = HandlerFor(id);
        var existing = Store.Find(id) ?? throw ArmErrors.NotFound(id);
        if (Operations.RunningOn(id) is { } running) throw ArmErrors.InProgress(id, running.Method);
        if (existing.ProvisioningState == ProvisioningState.Deleting) throw ArmErrors.InProgress(id, "DELETE");
        var plan = handler.Action(existing, action, parameters ?? new Dictionary<string, string>());
        Trace.Emit("azure", "action", ("id", id.ToString()), ("action", action));
        return Operations.Start(id, action, 202, existing.Location, plan.Time, plan.OnSucceeded, _ => plan.OnFailed?.Invoke(), injected, plan.Output);
    }

    public async Task<ArmOperation> GetOperationAsync(string operationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        var operation = Operations.Find(operationId);
        await Gate("getOperation", operation?.ResourceId.ToString() ?? operationId, operation?.ResourceId, cancellationToken);
        return operation ?? throw new ArmException(404, new ArmError("OperationNotFound", $"No operation '{operationId}' exists.", operationId));
    }

    public async Task<IReadOnlyList<MarketplaceImage>> ListMarketplaceImagesAsync(string location, CancellationToken cancellationToken = default)
    {
        var scope = ResourceId.Subscription(Options.SubscriptionId);
        await Gate("listImages", location, scope, cancellationToken);
        CheckLocation(scope, location);
        return MarketplaceImages.All;
    }

    public IBlockDevice OpenGuestDisk(ResourceId virtualMachineId, int? lun)
    {
        ArgumentNullException.ThrowIfNull(virtualMachineId);
        var vm = Store.Find<VirtualMachine>(virtualMachineId) ?? throw ArmErrors.NotFound(virtualMachineId);
        if (vm.PowerState != PowerState.Running)
            throw ArmErrors.Conflict(virtualMachineId.ToString(), $"VM '{vm.Name}' is {vm.PowerState}; only a running guest sees its disks.", "OperationNotAllowed");
        var disk = lun is null ? vm.OsDisk : vm.DataDisks.FirstOrDefault(d => d.Lun == lun);
        if (disk is null) throw ArmErrors.Invalid("lun", $"VM '{vm.Name}' has no data disk at LUN {lun}.");
        return Vhds.Open(DiskPath(disk), writable: true);
    }

    /// <summary>The VHD file behind a VM's disk.</summary>
    internal string DiskPath(VmDisk disk) => disk.ManagedDiskId is { } id ? ManagedDiskHandler.PathOf(this, id) : Blobs.PathOf(disk.VhdUri!);

    internal void SetProvisioningState(ResourceId id, ProvisioningState state)
    {
        if (Store.Find(id) is { } r) Store.Set(r with { ProvisioningState = state });
    }

    /// <summary>
    /// Azure's fault site: ARM's and the blob service's operations and the resource actions (a test keeps it equal to
    /// the operations the cloud gates). Any fault name is an ARM error: a throttle (429, 503) is ARM's 429 or the blob service's
    /// 503 ServerBusy by the call; 409, 404, 400 have their meaning, others fail with that code.
    /// </summary>
    public static FaultSite FaultSite { get; } = new("azure",
        ["put", "delete", "get", "list", "getOperation", "listImages", "createContainer", "createBlob", "deleteBlob", "getBlob", "listBlobs", "setBlobMetadata",
         "start", "powerOff", "deallocate", "restart", "beginGetAccess", "endGetAccess"],
        ["429", "TooManyRequests", "SubscriptionRequestsThrottled", "503", "ServerBusy", "409", "Conflict", "404", "NotFound", "ResourceNotFound", "400", "InvalidParameter", "500", "OperationFailed"], OpenFaults: true);

    /// <summary>Consults the fault plan: waits an injected delay, raises an injected refusal, or returns an injected operation failure.</summary>
    internal async Task<ArmError?> Gate(string operation, string objectId, ResourceId? id, CancellationToken cancellationToken)
    {
        var hit = _faults.Consult("azure", operation, objectId);
        if (hit is null) return null;
        if (hit.Delay > TimeSpan.Zero) await Clock.Delay(hit.Delay, cancellationToken);
        if (hit.Fault is null) return null;
        var target = id ?? ResourceId.Subscription(Options.SubscriptionId);
        if (hit.Fault is "OperationFailed" && operation is not ("get" or "list" or "getOperation" or "listImages"))
            return new ArmError("OperationFailed", hit.Detail ?? $"The operation {operation} on '{target.Name}' failed.", target.ToString());
        var error = ArmErrors.Injected(hit.Fault, hit.Detail, target, objectId, AzureCall.Of(operation), Options.DefaultRetryAfter);
        Trace.Emit("azure", "refused", ("op", operation), ("id", objectId), ("status", error.Status), ("code", error.Code));
        throw error;
    }

    private IResourceHandler HandlerFor(ResourceId id) =>
        _handlers.GetValueOrDefault(id.ResourceType)
        ?? throw ArmErrors.Invalid(id.ToString(), $"The resource type '{id.ResourceType}' is not supported here.", "InvalidResourceType");

    private void CheckSubscription(ResourceId id)
    {
        if (!id.SubscriptionId.Equals(Options.SubscriptionId, StringComparison.OrdinalIgnoreCase))
            throw new ArmException(404, new ArmError("SubscriptionNotFound", $"The subscription '{id.SubscriptionId}' could not be found.", id.ToString()));
    }

    private void CheckScope(ResourceId id)
    {
        CheckSubscription(id);
        if (id.Namespace is not null) HandlerFor(id);
    }

    private static void CheckName(ResourceId id)
    {
        var name = id.Name;
        if (name.Length is 0 or > 80 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || !char.IsAsciiLetterOrDigit(name[0]))
            throw ArmErrors.Invalid(id.ToString(), $"The name '{name}' must be 1-80 letters, digits, '-', '_' or '.', starting with a letter or digit.", "InvalidResourceName");
    }

    internal void CheckLocation(ResourceId id, string location)
    {
        if (!Options.Locations.Contains(location, StringComparer.OrdinalIgnoreCase))
            throw ArmErrors.Invalid("location", $"The location '{location}' is not available; use one of: {string.Join(", ", Options.Locations)}.", "LocationNotAvailableForResourceType");
    }

    /// <summary>Deletes a group's resources, dependents first (VMs before their NICs and disks, connections before gateways).</summary>
    private void DeleteGroup(ResourceId groupId)
    {
        string[] order = [ArmTypes.Connections, ArmTypes.VirtualMachines, ArmTypes.NetworkInterfaces, ArmTypes.Disks,
            ArmTypes.VirtualNetworkGateways, ArmTypes.ExpressRouteCircuits, ArmTypes.LocalNetworkGateways, ArmTypes.VirtualNetworks, ArmTypes.StorageAccounts];
        foreach (var type in order)
        {
            var members = Store.Items.Where(r => r.Id!.Segments.Count == 1 && r.Id.Segments[0].Type.Equals(type, StringComparison.OrdinalIgnoreCase)
                                               && string.Equals(r.Id.ResourceGroup, groupId.ResourceGroup, StringComparison.OrdinalIgnoreCase)).ToList();
            foreach (var member in members) HandlerFor(member.Id!).Delete(member);
        }
        Store.Remove(groupId);
    }
}
