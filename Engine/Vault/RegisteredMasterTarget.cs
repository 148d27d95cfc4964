using Failback.Engine.Components;
using Failback.Engine.Ports.VSphere;

namespace Failback.Engine.Vault;

/// <summary>A registered master target with the vCenter (or ESXi host) and VM it runs in.</summary>
internal sealed record RegisteredMasterTarget(MasterTarget Server, string VSphereServer, ManagedObjectReference Vm);
