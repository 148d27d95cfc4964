using Failback.Scenarios.Steps;
using Failback.Simulators.VCenter.Inventory;
using static Failback.Scenarios.Steps.Field;

namespace Failback.Scenarios.World;

/// <summary>
/// The topology's fields, declared once: <see cref="Topology"/> and <see cref="VaultTopology"/> accept exactly these,
/// and the schema is generated from them. Absent, the topology is the default one (see Scenarios/README.md).
/// </summary>
internal static class TopologyFields
{
    private static readonly string[] GuestIds = [.. GuestOsCatalog.All.Select(g => g.GuestId)];

    /// <summary>A master target's <c>controller</c> values, as vSphere's device types name them.</summary>
    internal static readonly (string, Engine.Ports.VSphere.ScsiControllerType)[] Controllers =
    [
        ("lsi-logic", Engine.Ports.VSphere.ScsiControllerType.LsiLogic), ("lsi-logic-sas", Engine.Ports.VSphere.ScsiControllerType.LsiLogicSas),
        ("paravirtual", Engine.Ports.VSphere.ScsiControllerType.ParaVirtual), ("bus-logic", Engine.Ports.VSphere.ScsiControllerType.BusLogic),
    ];

    public static readonly Field[] Generate =
    [
        Int("vcenters", 1, "vCenters", "1", max: 8), Int("clusters", 1, "clusters per datacenter", "1", max: 16),
        Int("hosts-per-cluster", 1, "hosts per cluster", "2", max: 64), Int("standalone-hosts", 0, "hosts without a vCenter", "0", max: 64),
        Int("datastores-per-cluster", 1, "datastores per cluster", "1", max: 16), Int("vms", 0, "VMs", "4", max: 1000),
        Int("disks-per-vm", 1, "disks per VM", "1", max: 8), Opt("disk-size", FieldType.Size, "each disk's size, whole MiB up to 1GiB", "64MiB"),
        Int("physical-servers", 0, "physical servers", "0", max: 100),
    ];

    public static readonly Field[] VCenter = [Req("name", FieldType.Name, "its name"), Opt("password", FieldType.Name, "the administrator's password")];

    public static readonly Field[] Host =
    [
        Req("name", FieldType.Name, "its name"), Opt("ip", FieldType.Name, "its address", "10.0.0.N"),
        OneOf("version", EsxiBuilds.Versions, "its ESXi version", "6.7.0"), OneOf("edition", Topology.Editions.Select(e => e.Item1), "its licence", "evaluation"),
        Opt("vcenter", FieldType.Name, "the vCenter managing it (absent: a standalone host)"), Opt("datacenter", FieldType.Name, "its datacenter", "DC0"),
        Opt("memory", FieldType.Size, "its physical memory, whole MiB (power-on admits VMs while their memory reservations fit)", "128GiB"),
    ];

    public static readonly Field[] Datastore =
    [
        Req("name", FieldType.Name, "its name"), OneOf("type", ["vmfs", "nfs", "nfs41", "vsan"], "its type (nfs: NFS 3, nfs41: NFS 4.1)", "vmfs"),
        Opt("capacity", FieldType.Size, "its capacity", "1TiB"), Req("hosts", FieldType.Names, "the hosts that mount it"),
    ];

    public static readonly Field[] Vm =
    [
        Req("name", FieldType.Name, "its name"), Req("host", FieldType.Name, "its host"), Req("datastore", FieldType.Name, "its datastore (mounted on its host)"),
        OneOf("os", GuestIds, "a vSphere guest id", "windows9Server64Guest"), new("disks", FieldType.Sizes, "its disks' sizes, whole MiB up to 1GiB") { Default = "64MiB" },
        OneOf("power", ["on", "off"], "its power state", "on"), Opt("ip", FieldType.Name, "its address (10.0.x.y)", "10.0.5.N"),
        Opt("replication-group", FieldType.Name, "the replication group it joins"), Opt("memory", FieldType.Size, "its memory, whole MiB", "4GiB"),
        Opt("packages", FieldType.Names, "packages added to the guest's"),
        Opt("memory-reservation", FieldType.Size, "memory the host guarantees it, whole MiB up to its memory (configured memory may be overcommitted; reservations may not)", "0"),
    ];

    public static readonly Field[] Physical =
    [
        Req("name", FieldType.Name, "its name"), Opt("ip", FieldType.Name, "its address", "10.0.1.N"), OneOf("os", GuestIds, "a vSphere guest id", "windows9Server64Guest"),
        Opt("os-name", FieldType.Name, "the OS name it reports"), new("disks", FieldType.Sizes, "its disks' sizes, whole MiB up to 1GiB") { Default = "64MiB" },
    ];

    public static readonly Field[] Account =
    [
        Req("server", FieldType.Name, "a vCenter or host"), Req("user", FieldType.Name, "the account"),
        Opt("password", FieldType.Name, "its password"), OneOf("role", Topology.Roles, "its role", required: true),
    ];

    public static readonly Field[] Network =
    [
        Req("name", FieldType.Name, "its name"), OneOf("model", ["resource-manager", "classic"], "its deployment model (PS-2)", "resource-manager"),
        Opt("site-link", FieldType.Boolean, "the site link (a VPN gateway, or an ExpressRoute connection to the circuit) ends on it too; Resource Manager only", "false"),
    ];

    public static readonly Field[] Azure =
    [
        Opt("subscription", FieldType.Name, "the subscription id"), OneOf("region", ["westeurope", "northeurope", "eastus"], "the region", "westeurope"),
        Opt("resource-group", FieldType.Name, "the recovery resource group", "asr-recovery"), Opt("network", FieldType.Name, "the recovery network", "recovery-net"),
        Opt("address-space", FieldType.Name, "its address space", "10.1.0.0/16"), Opt("subnet", FieldType.Name, "its subnet", "10.1.1.0/24"),
        Maps("networks", "more virtual networks of the resource group (address spaces 10.10.0.0/16, 10.11.0.0/16, ... in order, subnet default x.x.1.0/24)", Network),
    ];

    public static readonly Field[] Connectivity =
    [
        OneOf("link", ["vpn", "expressroute", "none"], "the link from the site to Azure", "vpn"),
        Opt("microsoft-peering", FieldType.Boolean, "ExpressRoute only: Microsoft peering to public endpoints", "true"),
        Opt("internet", FieldType.Boolean, "the site's internet breakout", "true"), Opt("on-vm-network", FieldType.Boolean, "the gateway is on the recovery network", "true"),
    ];

    public static readonly Field[] ConfigurationServer =
    [
        Opt("name", FieldType.Name, "its name", "cs-01"), Opt("ip", FieldType.Name, "its address on the site (10.0.x.y)", "10.0.9.5"), Opt("passphrase", FieldType.Name, "its passphrase"),
    ];

    public static readonly Field[] ProcessServer =
    [
        Req("name", FieldType.Name, "its name"), Opt("ip", FieldType.Name, "on-premises: its address (10.0.x.y)", "10.0.9.N"),
        OneOf("location", ["on-premises", "azure"], "where it runs", "on-premises"),
        Opt("network", FieldType.Name, "in Azure: the network it joins, whose model it takes (PS-2, PS-3)", "the recovery network"),
    ];

    public static readonly Field[] Volume =
    [
        Req("mount", FieldType.Name, "its mount point or drive"), Opt("fs", FieldType.Name, "its file system, or none", "unformatted when none"),
        Opt("size", FieldType.Size, "its size", "100GiB"), Opt("locked", FieldType.Boolean, "whether it is locked", "false"), Opt("used-for", FieldType.Name, "what else uses it, in any words (a replication target, a database, a page file, a backup): any use makes it ineligible as a retention drive (RP-4)"),
    ];

    public static readonly Field[] MasterTarget =
    [
        Req("vm", FieldType.Name, "the topology VM it runs in"), Maps("volumes", "its volumes (Windows: C: and R:, Linux: /, /var/crash, /home, swap, /mnt/retention)", Volume),
        Opt("retention", FieldType.Name, "its retention volume", "R: (Windows) or /mnt/retention (Linux) when eligible, else the first eligible volume"), Opt("enable-uuid", FieldType.Boolean, "disk.EnableUUID is set", "true"),
        Opt("registered", FieldType.Boolean, "registered at setup", "true"),
        OneOf("controller", Controllers.Select(c => c.Item1), "its VM's SCSI controller (MT-7: LSI Logic, not Paravirtual)", "lsi-logic"),
        OneOf("tools", ["running", "not-running"], "VMware Tools in its guest (MT-8)", "running"),
    ];

    /// <summary>The Azure side's sections; any of them makes the topology have the Azure side and the vault.</summary>
    public static readonly Field[] VaultSections =
    [
        Map("azure", "the Azure subscription and recovery network", Azure), Map("connectivity", "how the site reaches Azure", Connectivity),
        Map("configuration-server", "the configuration server", ConfigurationServer),
        Maps("process-servers", "the process servers (default: ps-onprem at 10.0.9.6 and ps-azure in Azure)", ProcessServer),
        Maps("master-targets", "the master targets", MasterTarget),
        Opt("discovered", FieldType.Names, "the vCenters and standalone hosts discovered at setup", "every one that carries a VM"),
    ];

    public static readonly Field[] Explicit =
    [
        Maps("vcenters", "the vCenters", VCenter), Maps("hosts", "the ESXi hosts", Host, required: true), Maps("datastores", "the datastores", Datastore, required: true),
        Maps("vms", "the VMs", Vm), Maps("physical", "the physical servers", Physical), Maps("accounts", "more accounts on the servers", Account),
        .. VaultSections,
    ];

    /// <summary>The topology's schema: generated counts, or the explicit lists (with the Azure side).</summary>
    public static System.Text.Json.Nodes.JsonObject Schema() => new()
    {
        ["description"] = "the site and its Azure side: generate counts, or explicit lists; absent = the default topology",
        ["oneOf"] = new System.Text.Json.Nodes.JsonArray(
            Docs.LanguageDocs.MapOf([Map("generate", "counts for the vCenter simulator's seeded generator", Generate) with { Required = true }]),
            Docs.LanguageDocs.MapOf(Explicit)),
    };
}
