using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.Simulators.VCenter.Tasks;

/// <summary>
/// One vSphere method run as a task: its method name (what fault rules match), description id and
/// label, the object it works on (tasks on one object run one at a time), the caller, and the body.
/// The body validates, waits its duration and then commits in one step, so a task that fails leaves
/// the inventory as it was.
/// </summary>
internal sealed record Operation(string Method, string DescriptionId, string Label, ManagedEntity? Entity, Account User, Func<OperationContext, Task<object?>> Body);
