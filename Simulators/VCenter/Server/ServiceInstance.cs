using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Tasks;

namespace Failback.Simulators.VCenter.Server;

/// <summary>
/// One vSphere server of the site: a vCenter Server (several may exist, TS-6) or the host agent of one
/// ESXi host (reached directly, as for a host that no vCenter manages, LOC-6). Each has its own
/// accounts and roles, its own references, tasks and, for a vCenter, datacenters and licences.
/// </summary>
public sealed class ServiceInstance
{
    private readonly List<Role> _roles;
    private int _nextRoleId = 1;

    internal ServiceInstance(VSphereSite site, AboutInfo about, HostSystem? agentOf)
    {
        Site = site;
        About = about;
        AgentOf = agentOf;
        MoRefs = new MoRefTable(about.IsVCenter);
        Tasks = new TaskManager(site, this);
        _roles =
        [
            new Role(Role.AdminId, "Admin", [], all: true),
            new Role(Role.ReadOnlyId, "ReadOnly", Privileges.ReadOnly),
            new Role(Role.NoAccessId, "NoAccess", []),
        ];
        if (agentOf is not null) HostDatacenter = new Datacenter(this, "ha-datacenter");
    }

    public VSphereSite Site { get; }
    public AboutInfo About { get; }
    public string Name => About.Name;
    public bool IsVCenter => About.IsVCenter;
    /// <summary>The host whose agent this is; null for a vCenter.</summary>
    public HostSystem? AgentOf { get; }
    /// <summary>A host agent's single pseudo-datacenter (<c>ha-datacenter</c>).</summary>
    public Datacenter? HostDatacenter { get; }
    public List<Datacenter> Datacenters { get; } = [];
    public Dictionary<string, Account> Accounts { get; } = new(StringComparer.OrdinalIgnoreCase);
    public IReadOnlyList<Role> Roles => _roles;
    internal MoRefTable MoRefs { get; }
    internal TaskManager Tasks { get; }
    /// <summary>The server's tasks in the order they were queued (what its Recent Tasks pane lists), read without a session.</summary>
    public IReadOnlyList<TaskInfo> RecentTasks => Tasks.All;

    public Role AdminRole => _roles[0];
    public Role ReadOnlyRole => _roles[1];
    public Role NoAccessRole => _roles[2];

    public Role AddRole(string name, IEnumerable<string> privileges)
    {
        if (_roles.Any(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            throw new VSphereFault(VSphereFaultType.DuplicateName, $"A role named '{name}' already exists on {Name}.");
        var role = new Role(_nextRoleId++, name, privileges);
        _roles.Add(role);
        return role;
    }

    public Account AddAccount(string userName, string password, Role role)
    {
        if (Accounts.ContainsKey(userName))
            throw new VSphereFault(VSphereFaultType.DuplicateName, $"The account '{userName}' already exists on {Name}.");
        var account = new Account(userName, password, role);
        Accounts[userName] = account;
        return account;
    }

    /// <summary>Changes an account's role (e.g. a read-only vCenter user given Administrator, TS-1's fix).</summary>
    public void SetRole(string userName, Role role) => Account(userName).Role = role;

    public void SetPassword(string userName, string password) => Account(userName).Password = password;

    public Datacenter AddDatacenter(string name)
    {
        if (!IsVCenter) throw new InvalidOperationException($"{Name} is an ESXi host agent; only a vCenter has datacenters of its own.");
        if (Datacenters.Any(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            throw new VSphereFault(VSphereFaultType.DuplicateName, $"A datacenter named '{name}' already exists on {Name}.");
        var dc = new Datacenter(this, name);
        Datacenters.Add(dc);
        Site.Changes.Record(dc, ObjectUpdateKind.Enter, "name");
        return dc;
    }

    public ClusterComputeResource AddCluster(Datacenter datacenter, string name)
    {
        if (datacenter.Clusters.Any(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            throw new VSphereFault(VSphereFaultType.DuplicateName, $"A cluster named '{name}' already exists in datacenter '{datacenter.Name}'.");
        var cluster = new ClusterComputeResource(datacenter, name);
        datacenter.Clusters.Add(cluster);
        Site.Changes.Record(cluster, ObjectUpdateKind.Enter, "name");
        return cluster;
    }

    /// <summary>The hosts this server shows.</summary>
    public IEnumerable<HostSystem> Hosts => AgentOf is { } host ? [host] : Datacenters.SelectMany(d => d.Hosts);

    /// <summary>Whether the object is in this server's inventory.</summary>
    public bool Sees(ManagedEntity entity) => !entity.Removed && entity switch
    {
        Datacenter dc => dc.Server == this,
        ClusterComputeResource c => c.Datacenter.Server == this,
        HostSystem h => AgentOf is null ? h.Datacenter?.Server == this : h == AgentOf,
        Datastore ds => ds.Hosts.Any(Sees),
        Network n => n.Hosts.Any(Sees),
        VirtualMachine vm => Sees(vm.Host),
        VirtualMachineSnapshot s => Sees(s.Vm),
        _ => false,
    };

    /// <summary>The datacenter an object of this server belongs to (VM names are unique within it).</summary>
    public Datacenter? DatacenterOf(HostSystem host) => AgentOf is null ? host.Datacenter : HostDatacenter;

    public ManagedObjectReference MoRefOf(ManagedEntity entity) => MoRefs.Of(entity);

    private Account Account(string userName) =>
        Accounts.TryGetValue(userName, out var account) ? account
            : throw new ArgumentException($"No account '{userName}' on {Name}; add it first with AddAccount.", nameof(userName));

    public override string ToString() => $"{About.ApiType} {Name}";
}
