using Failback.Scenarios.Cli;
using Failback.Scenarios.Running;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// References and names the run would trip on are refused at binding: exit 2 with the offending value's
/// file:line:column, nothing run. Undefined process servers, master targets, plans, backups, port blocks and
/// retention volumes; invalid VM and datastore names; fault rules that no simulator fires.
/// </summary>
public sealed class BinderRefusalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("refused-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private const string Head = "title: t\nseed: 3\n";
    private const string Site = "topology:\n  hosts: [{name: esxi-01}]\n  datastores: [{name: DS1, hosts: [esxi-01]}]\n";

    /// <summary>Name, the drill's body, the offending value as written (its first occurrence from the end is where the error points), and the message.</summary>
    public static TheoryData<string, string, string, string> Cases => new()
    {
        { "process-server", "steps:\n  - enable-protection: {vm: app-01, process-server: ps-onprm}\n", "ps-onprm", "unknown process server 'ps-onprm'" },
        { "process-server-deployed-later", "steps:\n  - reprotect: {vm: app-01, process-server: ps-new}\n  - deploy-process-server: {name: ps-new}\n", "ps-new}\n  -", "unknown process server 'ps-new'" },
        { "master-target", "steps:\n  - reprotect: {vm: app-01, master-target: mt-99}\n", "mt-99", "unknown master target 'mt-99'" },
        { "retention-volume", "steps:\n  - reprotect: {vm: app-01, retention-volume: \"Q:\"}\n", "\"Q:\"", "has no volume 'Q:'" },
        { "plan", "steps:\n  - plan-failover: {plan: nightly}\n", "nightly", "unknown recovery plan 'nightly'" },
        { "plan-other-case", "steps:\n  - create-plan: {name: Nightly, groups: [app-01]}\n  - plan-commit: {plan: nightly}\n", "nightly", "unknown recovery plan 'nightly'" },
        { "plan-made-later", "steps:\n  - plan-reprotect: {plan: p1}\n  - create-plan: {name: p1, groups: [[app-01]]}\n", "p1}\n  -", "a create-plan step before this one" },
        { "backup", "steps:\n  - backup-configuration-server: {name: weekly}\n  - restore-configuration-server: {backup: nightly}\n", "nightly", "no configuration server backup 'nightly'" },
        { "backup-name-too-long", $"steps:\n  - backup-configuration-server: {{name: {new string('é', 52)}}}\n", new string('é', 52), "too long for a file name (263 characters once encoded, at most 255)" },
        { "default-backup", "steps:\n  - restore-configuration-server: {ip: 10.0.9.5}\n", "{ip", "no configuration server backup 'backup'" },
        { "block", "steps:\n  - block-port: {name: b1, port: 443}\n  - unblock-port: {name: b2}\n", "b2", "no block-port step before this one names 'b2'" },
        { "vm-name-slash", Site + "  vms: [{name: app/01, host: esxi-01, datastore: DS1}]\nsteps:\n  - wait: 1m\n", "app/01", "not a valid virtual machine name" },
        { "vm-name-too-long", Site + $"  vms: [{{name: {new string('v', 81)}, host: esxi-01, datastore: DS1}}]\nsteps:\n  - wait: 1m\n", new string('v', 81), "not a valid virtual machine name" },
        { "create-vm-name", "steps:\n  - create-vm: {name: \"db%1\", host: esxi-01.lab.local, datastore: DS1}\n", "\"db%1\"", "not a valid virtual machine name" },
        { "datastore-name", "topology:\n  hosts: [{name: esxi-01}]\n  datastores: [{name: \"DS[1]\", hosts: [esxi-01]}]\nsteps:\n  - wait: 1m\n", "\"DS[1]\"", "not a valid datastore name" },
        { "reservation-over-memory", Site + "  vms: [{name: app-01, host: esxi-01, datastore: DS1, memory: 2GiB, memory-reservation: 3GiB}]\nsteps:\n  - wait: 1m\n", "3GiB", "memory-reservation (3072 MiB) is more than the VM's memory (2048 MiB)" },
        { "vm-memory-over-host", "topology:\n  hosts: [{name: esxi-01, memory: 4GiB}]\n  datastores: [{name: DS1, hosts: [esxi-01]}]\n  vms: [{name: app-01, host: esxi-01, datastore: DS1, memory: 8GiB}]\nsteps:\n  - wait: 1m\n", "8GiB", "memory (8192 MiB) is more than host 'esxi-01' has (4096 MiB)" },
        { "host-memory-not-whole", "topology:\n  hosts: [{name: esxi-01, memory: 1500KiB}]\n  datastores: [{name: DS1, hosts: [esxi-01]}]\nsteps:\n  - wait: 1m\n", "1500KiB", "memory must be a whole number of MiB" },
        { "master-target-controller", Site + "  vms: [{name: mt-01, host: esxi-01, datastore: DS1}]\n  azure: {}\n  master-targets: [{vm: mt-01, controller: pvscsi}]\nsteps:\n  - wait: 1m\n", "pvscsi", "lsi-logic" },
        { "power-cut-both", "steps:\n  - power-cut: {vm: app-01, host: esxi-01.lab.local}\n", "{vm", "either a 'vm' or a 'host'" },
        { "power-cut-neither", "steps:\n  - power-cut: {fails-with: X}\n", "{fails", "either a 'vm' or a 'host'" },
        { "power-cut-host", "steps:\n  - power-cut: {host: esxi-99}\n", "esxi-99", "esxi-99" },
        { "parallel-one-step", "steps:\n  - parallel: [{wait: 1m}]\n", "[{wait", "at least two steps" },
        { "parallel-nested", "steps:\n  - parallel: [{wait: 1m}, {parallel: [{wait: 1m}, {wait: 2m}]}]\n", "{parallel", "cannot hold another parallel step" },
        { "parallel-not-a-list", "steps:\n  - parallel: {wait: 1m}\n", "wait: 1m}", "unknown field 'wait' in steps[0].parallel" },
        { "parallel-a-word", "steps:\n  - parallel: now\n", "now", "takes a list of steps" },
        { "parallel-inner-step", "steps:\n  - parallel: [{wait: 1m}, {failover: {vm: app-99}}]\n", "app-99", "app-99" },
        { "recovery-network", "steps:\n  - enable-protection: {vm: app-01, recovery-network: dr-net}\n", "dr-net", "unknown Azure network 'dr-net'; the azure section's networks: recovery-net" },
        { "recovery-network-classic", Site + "  vms: [{name: app-01, host: esxi-01, datastore: DS1}]\n  azure: {networks: [{name: old-net, model: classic}]}\nsteps:\n  - enable-protection: {vm: [app-01], recovery-network: old-net}\n",
            "old-net}\n", "'old-net' is a classic network" },
        { "deploy-network", "steps:\n  - deploy-process-server: {name: ps-2, network: Recovery-Net}\n", "Recovery-Net", "unknown Azure network 'Recovery-Net'" },
        { "process-server-network", Site + "  process-servers: [{name: ps-x, location: azure, network: nowhere}]\nsteps:\n  - wait: 1m\n", "nowhere", "unknown Azure network 'nowhere'" },
        { "process-server-network-on-premises", Site + "  process-servers: [{name: ps-x, network: recovery-net}]\nsteps:\n  - wait: 1m\n", "recovery-net", "is in no Azure network" },
        { "network-classic-site-link", Site + "  azure: {networks: [{name: old-net, model: classic, site-link: true}]}\nsteps:\n  - wait: 1m\n", "true", "the site link cannot end on it" },
        { "network-name-taken", Site + "  azure: {network: hub, networks: [{name: spoke}, {name: hub-test}]}\nsteps:\n  - wait: 1m\n", "hub-test", "network name 'hub-test' is taken" },
        { "network-model", Site + "  azure: {networks: [{name: n2, model: asm}]}\nsteps:\n  - wait: 1m\n", "asm", "asm" },
        { "fault-target-disk", "steps:\n  - wait: 1m\nfaults:\n  - {target: disk, operation: write, fault: EIO}\n", "disk", "unknown fault target 'disk'" },
        { "fault-component-fault", "steps:\n  - wait: 1m\nfaults:\n  - {target: component, operation: process-server, fault: explode}\n", "explode", "unknown component fault 'explode'" },
        { "fault-component-delay", "steps:\n  - wait: 1m\nfaults:\n  - {target: component, delay: 5m}\n", "{target", "give 'fault: crash'" },
        { "fault-vcenter-operation", "steps:\n  - wait: 1m\nfaults:\n  - {target: vcenter, operation: PowerOnVM, fault: NoPermission}\n", "PowerOnVM", "no vcenter operation matches 'PowerOnVM'" },
        { "fault-azure-operation", "steps:\n  - wait: 1m\nfaults:\n  - {target: azure, operation: upsert, delay: 5s}\n", "upsert", "no azure operation matches 'upsert'" },
        { "fault-any-operation", "steps:\n  - wait: 1m\nfaults:\n  - {target: \"*\", operation: Teleport_Task, fault: NoPermission}\n", "Teleport_Task", "no * operation matches 'Teleport_Task'" },
        { "fault-vcenter-name", "steps:\n  - wait: 1m\nfaults:\n  - {target: vcenter, operation: \"*VM_Task\", fault: Gremlins}\n", "Gremlins", "unknown vCenter fault 'Gremlins'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsRefusedAtBindingWithItsPosition(string name, string body, string offending, string message)
    {
        var yaml = Head + body;
        var file = Path.Combine(_dir, name + ".yaml");
        File.WriteAllText(file, yaml);
        var at = yaml.LastIndexOf(offending, StringComparison.Ordinal);
        var line = yaml[..at].Count(c => c == '\n') + 1;
        var column = at - yaml.LastIndexOf('\n', at - 1);
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            code = Program.Main(["run", file]);
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Equal(2, code);
        Assert.Contains($"{file}:{line}:{column}: ", error.ToString());
        Assert.Contains(message, error.ToString());
        Assert.Equal([file], Directory.GetFileSystemEntries(_dir));
    }

    /// <summary>What nothing refuses: names defined earlier in the drill, patterns that match, and a step that tests the engine's own refusal (fails-with).</summary>
    [Theory]
    [InlineData("steps:\n  - deploy-process-server: {name: ps-new}\n  - reprotect: {vm: app-01, process-server: ps-new}\n")]
    [InlineData("steps:\n  - create-plan: {name: p1, groups: [app-01]}\n  - plan-failover: {plan: p1}\n  - plan-commit: {plan: p1}\n")]
    [InlineData("steps:\n  - backup-configuration-server\n  - restore-configuration-server: {}\n")]
    [InlineData("steps:\n  - block-port: {source: ps-azure, port: 9443}\n  - unblock-port: {name: block-ps-azure-*-9443}\n")]
    [InlineData("steps:\n  - reprotect: {vm: app-01, process-server: ps-nowhere, master-target: mt-99, retention-volume: \"Z:\", fails-with: PRE-5}\n")]
    [InlineData("steps:\n  - plan-commit: {plan: nope, fails-with: RecoveryPlanNotFound}\n")]
    [InlineData("steps:\n  - wait: 1m\nfaults:\n  - {target: azure, operation: PUT, delay: 5s}\n  - {target: vcenter, operation: \"*VM_Task\", fault: notfound}\n  - {target: azure, operation: \"begin*\", fault: \"503\"}\n  - {target: network, operation: transfer, object: \"vpn:*\", fault: partition}\n  - {target: \"*\", operation: Login, delay: 1s}\n")]
    public void DefinedNamesAndExpectedFailuresBind(string body)
    {
        var bound = BoundScenario.Parse(Path.Combine(_dir, "ok.yaml"), Head + body);
        Assert.NotEmpty(bound.Steps);
    }
}
