using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Ports.Arm;
using Failback.Scenarios.Language;
using Failback.Scenarios.World;
using Failback.Simulators.Azure.Connectivity;
using AzureVm = Failback.Engine.Ports.Arm.Resources.VirtualMachine;

namespace Failback.Scenarios.Steps;

/// <summary>
/// What an engineer does around the vault: deploy a process server in Azure, discover a vCenter with an
/// account, take a link down and up, block or open a port, stop a failed-over VM in Azure.
/// </summary>
internal static class VaultSiteSteps
{
    /// <summary><c>stop-process-server: {name}</c> / <c>start-process-server: {name}</c>: its services crash, or start again.</summary>
    public static Func<DrillWorld, Task<string>> ProcessServerServices(Node args, Topology topology, bool running)
    {
        var name = StepBinder.ProcessServer(StepBinder.Fields(args).Required("name"), topology);
        return world =>
        {
            var ps = world.Vault!.ProcessServers.FirstOrDefault(p => p.Name == name)
                ?? throw new StepFailure("ProcessServerNotFound", $"process server '{name}' is not deployed yet.");
            if (running) ps.StartServices(); else ps.StopServices();
            world.Simulation.Trace.Emit("drill", running ? "process-server.started" : "process-server.stopped", ("server", name));
            return Task.FromResult($"process server {name}: services {(running ? "started" : "stopped")}");
        };
    }

    public static Func<DrillWorld, Task<string>> DeployProcessServer(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        if (topology.Vault is null) throw args.Error(StepBinder.NeedsAzure);
        var name = m.Required("name").AsString();
        topology.Defined.DeployedProcessServers.Add(name);
        var passphrase = m.Optional("passphrase")?.AsString();
        var network = m.Optional("network") is { } n ? VaultTopology.Network(n, topology.Vault.Azure) : null;
        return async world =>
        {
            var from = world.Now;
            try
            {
                var ps = await world.Vault!.DeployProcessServerInAzureAsync(name, passphrase, network is null ? null : world.Azure!.NetworkId(network).ToString());
                return $"process server {ps.Name} deployed in Azure{(network is null ? "" : $" in {network}")} at {ps.IpAddress} in {Quantities.FormatDuration(world.Now - from)} ({LastJob(world)})";
            }
            catch (AsrException e)
            {
                throw new StepFailure(e.Error.Code, e.Error.Message);
            }
            catch (ArmException e)
            {
                throw new StepFailure(e.Error.Code, e.Error.Message);
            }
        };
    }

    /// <summary><c>add-vcenter: {server, user, password}</c>: the configuration server discovers a vCenter (or ESXi host) with an account (TS-1, TS-6).</summary>
    public static Func<DrillWorld, Task<string>> AddVCenter(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        if (topology.Vault is null) throw args.Error(StepBinder.NeedsAzure);
        var server = StepBinder.Server(m.Required("server"), topology);
        var user = m.Required("user").AsString();
        var password = m.Optional("password")?.AsString() ?? Topology.Password;
        return async world =>
        {
            var about = await world.Vault!.AddVCenterAsync(server, user, password);
            return $"{server} ({about.FullName}) discovered as {user} ({LastJob(world)})";
        };
    }

    /// <summary><c>refresh-configuration-server</c>: the job "Refresh server" (about 15 minutes); the process servers report in.</summary>
    public static Func<DrillWorld, Task<string>> Refresh(Node args, Topology topology)
    {
        if (topology.Vault is null) throw args.Error(StepBinder.NeedsAzure);
        if (args.IsMap) StepBinder.Fields(args);
        return async world =>
        {
            var job = await EngineSteps.Refused(() => world.Vault!.RefreshConfigurationServerAsync());
            return $"configuration server {world.Vault!.Settings.ConfigurationServerName} refreshed ({Describe(job)})";
        };
    }

    /// <summary>The vault's last infrastructure job (the one the step just ran), as a step result names it.</summary>
    internal static string LastJob(DrillWorld world) => world.Vault!.Jobs.LastOrDefault(j => j.Action is not null) is { } job ? Describe(job) : "no job";

    private static string Describe(Engine.Orchestration.Jobs.Job job) =>
        $"{job.Id} {job.FriendlyName}, {Quantities.FormatDuration((job.EndTime ?? job.StartTime) - job.StartTime ?? TimeSpan.Zero)}";

    public static Func<DrillWorld, Task<string>> Link(Node args, Topology topology, bool up)
    {
        var m = StepBinder.Fields(args);
        if (topology.Vault is null) throw args.Error(StepBinder.NeedsAzure);
        var linkNode = m.Required("link");
        var link = linkNode.AsString();
        if (!AzureSide.Links.TryGetValue(link, out var name))
            throw linkNode.Error($"unknown link '{link}'; links are: {string.Join(", ", AzureSide.Links.Keys)}.");
        return world =>
        {
            world.Azure!.Cloud.Network.SetLinkUp(name, up);
            return Task.FromResult($"{link} ({name}) {(up ? "up again" : "down")}");
        };
    }

    /// <summary><c>block-port: {name, source, destination, port}</c>: a deny rule; a source or destination may name a process server, a machine (its Azure VM) or the configuration server.</summary>
    public static Func<DrillWorld, Task<string>> BlockPort(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        if (topology.Vault is null) throw args.Error(StepBinder.NeedsAzure);
        var port = m.Optional("port")?.AsInt(1, 65535) ?? 443;
        var source = m.Optional("source")?.AsString() ?? "*";
        var destination = m.Optional("destination")?.AsString() ?? "*";
        var name = m.Optional("name")?.AsString() ?? $"block-{source}-{destination}-{port}";
        topology.Defined.Blocks.Add(name);
        return world =>
        {
            var (from, to) = (Address(world, source), Address(world, destination));
            world.Azure!.Cloud.Network.AddFirewallRule(new FirewallRule(name, 100, FirewallAction.Deny) { Source = from, Destination = to, Port = port });
            return Task.FromResult($"firewall rule {name}: deny {from} -> {to} port {port}");
        };
    }

    public static Func<DrillWorld, Task<string>> UnblockPort(Node args, Topology topology)
    {
        var nameNode = StepBinder.Fields(args).Required("name");
        if (topology.Vault is null) throw args.Error(StepBinder.NeedsAzure);
        var name = topology.Defined.Known(nameNode, topology.Defined.Blocks.Contains(nameNode.AsString()),
            () => $"no block-port step before this one names '{nameNode.AsString()}' (blocks so far: {StepNames.List(topology.Defined.Blocks, "none")}).");
        return world => world.Azure!.Cloud.Network.RemoveFirewallRule(name)
            ? Task.FromResult($"firewall rule {name} removed")
            : throw new StepFailure("NotFound", $"no firewall rule '{name}'.");
    }

    /// <summary><c>stop-azure-vm: {vm}</c>: the failed-over VM in Azure is stopped (the engineer, or a crash): failback needs it running (78093).</summary>
    public static Func<DrillWorld, Task<string>> StopAzureVm(Node args, Topology topology) => AzureVmAction(args, topology, "powerOff", "stopped");

    /// <summary><c>start-azure-vm: {vm}</c>: the machine's VM in Azure is started again (what 78093 asks for before restarting the job).</summary>
    public static Func<DrillWorld, Task<string>> StartAzureVm(Node args, Topology topology) => AzureVmAction(args, topology, "start", "started");

    private static Func<DrillWorld, Task<string>> AzureVmAction(Node args, Topology topology, string action, string done)
    {
        var vm = StepBinder.Protectable(StepBinder.Fields(args).Required("vm"), topology);
        return async world =>
        {
            var id = world.Vault!.AzureVm(world.ItemId(vm)) ?? throw new StepFailure("NotFound", $"{vm} has no VM in Azure.");
            try
            {
                await world.Azure!.Cloud.ActionAsync(id, action, world.Simulation.Clock);
            }
            catch (ArmException e)
            {
                throw new StepFailure(e.Error.Code, e.Error.Message);
            }
            return $"{vm}'s Azure VM {id.Name} {done}";
        };
    }

    /// <summary>The address a firewall rule uses for a name: a process server's, a machine's Azure VM's, the configuration server's, or the text itself.</summary>
    private static string Address(DrillWorld world, string name)
    {
        var vault = world.Vault!;
        if (name == "*") return name;
        if (vault.ProcessServers.FirstOrDefault(p => p.Name == name) is { } ps) return ps.IpAddress;
        if (name == vault.Settings.ConfigurationServerName) return vault.Settings.ConfigurationServerIp;
        if (world.Machines.FirstOrDefault(x => x.Name == name) is { ItemId: { } id } && vault.AzureVm(id) is { } vmId)
            return world.Azure!.Cloud.Resources.OfType<AzureVm>().First(v => v.Id == vmId).PrivateIpAddresses.FirstOrDefault() ?? name;
        return name;
    }
}

/// <summary>
/// The configuration server's scheduled backup, its loss (its VM and database gone) and its restore from a
/// backup with the same IP address or another (PRE-6).
/// </summary>
internal static class ConfigurationServerSteps
{
    // A file name is at most 255 bytes on Linux file systems; each character outside [A-Za-z0-9-] takes five.
    private const int MaxBackupFileName = 255;

    public static Func<DrillWorld, Task<string>> Backup(Node args, Topology topology)
    {
        if (topology.Vault is null) throw args.Error(StepBinder.NeedsAzure);
        var nameNode = args.IsMap ? StepBinder.Fields(args).Optional("name") : null;
        var name = nameNode?.AsString() ?? "backup";
        if (DrillWorld.BackupFileName(name).Length > MaxBackupFileName)
            throw (nameNode ?? args).Error($"the backup name '{name}' is too long for a file name ({DrillWorld.BackupFileName(name).Length} characters once encoded, at most {MaxBackupFileName}); choose a shorter one.");
        topology.Defined.Backups.Add(name);
        return world =>
        {
            world.Vault!.BackupConfigurationServer(world.BackupPath(name));
            return Task.FromResult($"configuration server backed up as '{name}' ({world.Vault.Jobs.Count} job(s), {world.Vault.Items.Count} item(s) in the vault)");
        };
    }

    public static Func<DrillWorld, Task<string>> Lose(Node args, Topology topology)
    {
        if (topology.Vault is null) throw args.Error(StepBinder.NeedsAzure);
        if (args.IsMap) StepBinder.Fields(args);
        return world =>
        {
            world.Vault!.LoseConfigurationServer();
            return Task.FromResult($"configuration server {world.Vault.Settings.ConfigurationServerName} lost with its database");
        };
    }

    public static Func<DrillWorld, Task<string>> Restore(Node args, Topology topology)
    {
        if (topology.Vault is null) throw args.Error(StepBinder.NeedsAzure);
        var m = StepBinder.Fields(args);
        var backupNode = m.Optional("backup");
        var name = backupNode?.AsString() ?? "backup";
        if (!topology.Defined.Backups.Contains(name) && !topology.Defined.ExpectsFailure)
            throw (backupNode ?? args).Error($"no configuration server backup '{name}' is taken before this step; take one with backup-configuration-server (backups so far: {StepNames.List(topology.Defined.Backups, "none")}).");
        var ip = m.Optional("ip")?.AsString() ?? topology.Vault.ConfigurationServer.Ip;
        return async world =>
        {
            var path = world.BackupPath(name);
            if (!File.Exists(path)) throw new StepFailure("BackupNotFound", $"no configuration server backup '{name}'; take one first with backup-configuration-server.");
            await world.Vault!.RestoreConfigurationServerAsync(path, ip);
            return $"configuration server restored from '{name}' at {ip}";
        };
    }
}

/// <summary>Master targets registered during a drill, and a Linux master target's one-time custom changes (MT-5).</summary>
internal static class MasterTargetSteps
{
    /// <summary><c>add-master-target: {vm}</c>: registers a topology master target (one on a server not discovered at setup fails with TS-6).</summary>
    public static Func<DrillWorld, Task<string>> Add(Node args, Topology topology)
    {
        var vmNode = StepBinder.Fields(args).Required("vm");
        if (topology.Vault is null) throw args.Error(StepBinder.NeedsAzure);
        var vm = vmNode.AsString();
        if (!topology.Vault.HasMasterTarget(vm)) throw vmNode.Error($"'{vm}' is not a master target of the topology; master targets: {string.Join(", ", topology.Vault.MasterTargets.Select(m => m.Vm))}.");
        return async world =>
        {
            // Registration refuses with the catalog's error (MT-2, PRE-9, RP-4); the runner reports its code.
            var mt = await world.AddMasterTargetAsync(vm);
            return $"master target {mt.Name} registered ({mt.IpAddress}, retention {mt.RetentionVolume?.MountPoint ?? "none"}; {VaultSiteSteps.LastJob(world)})";
        };
    }

    /// <summary><c>apply-custom-changes: {vm}</c>: ApplyCustomChanges.sh on a Linux master target, then its reboot.</summary>
    public static Func<DrillWorld, Task<string>> ApplyCustomChanges(Node args, Topology topology)
    {
        var vmNode = StepBinder.Fields(args).Required("vm");
        if (topology.Vault is null) throw args.Error(StepBinder.NeedsAzure);
        var vm = vmNode.AsString();
        if (!topology.Vault.HasMasterTarget(vm)) throw vmNode.Error($"'{vm}' is not a master target of the topology.");
        return world =>
        {
            var mt = world.MasterTargets.GetValueOrDefault(vm) ?? throw new StepFailure(ErrorCatalog.MasterTargetNotDiscovered.Code, $"master target '{vm}' is not registered.");
            mt.ApplyCustomChanges();
            mt.Reboot();
            return Task.FromResult($"{vm}: custom changes applied, rebooted");
        };
    }
}
