using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.Simulators.VCenter.Changes;

/// <summary>The servers an object showed on when something happened to it, with its reference on each.</summary>
internal static class Audience
{
    /// <remarks>A leaving object must be recorded before it is detached, while its servers still show it.</remarks>
    public static (ServiceInstance Server, ManagedObjectReference MoRef)[] Of(VSphereSite site, ManagedEntity entity) =>
        site.Servers.Where(s => s.Sees(entity)).Select(s => (s, s.MoRefOf(entity))).ToArray();

    /// <summary>
    /// Whether an account may see an object at all: System.View shows every inventory object, datastores included (a
    /// read-only account lists them; Datastore.Browse is about their files). TS-1 is ASR's reprotect dialog listing none.
    /// </summary>
    public static bool Visible(Account account, ManagedEntity? entity) => account.Role.Has(Privileges.SystemView);
}
