using System.Text.Json;
using System.Text.Json.Serialization;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Guest;
using Failback.Simulators.Azure;
using Failback.Simulators.Kernel;

namespace Failback.Azure.Tests;

/// <summary>A simulation with one simulated Azure over a temporary storage folder, and helpers that build topologies through the port.</summary>
public sealed class AzureWorld : IDisposable
{
    public const string Location = "westeurope";
    public const long Mib = 1024 * 1024;

    public AzureWorld(ulong seed = 1, Stream? trace = null, long minimumUploadBytes = Mib + 512)
    {
        Root = Path.Combine(Path.GetTempPath(), "azure-tests", Guid.NewGuid().ToString("N"));
        Sim = new Simulation(new SimulationOptions { Seed = seed, TraceOutput = trace });
        Cloud = new AzureCloud(Sim, new AzureOptions { StorageRoot = Root, MinimumUploadBytes = minimumUploadBytes, ImageOsDiskBytes = 4 * Mib });
    }

    public string Root { get; }
    public Simulation Sim { get; }
    public AzureCloud Cloud { get; }
    public IArm Arm => Cloud;
    public IBlobStorage Blobs => Cloud.BlobStorage;
    public TimeProvider Time => Sim.Clock;
    public string Sub => Cloud.Options.SubscriptionId;

    public void Run(Func<Task> main) => Sim.Run(main);
    public T Run<T>(Func<Task<T>> main) => Sim.Run(main);

    /// <summary>Runs a request that must be refused, and returns the refusal.</summary>
    public static async Task<ArmException> Refused(Func<Task> request)
    {
        try
        {
            await request();
        }
        catch (ArmException e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException("The request was expected to be refused but succeeded.");
    }

    public static ArmException RefusedNow(Action request)
    {
        try
        {
            request();
        }
        catch (ArmException e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException("The call was expected to be refused but succeeded.");
    }

    public Task<T> Put<T>(ResourceId id, T body) where T : ArmResource => Arm.CreateOrUpdateAsync(id, body, Time);

    public Task<ResourceGroup> Group(string name) => Put(ResourceId.Group(Sub, name), new ResourceGroup { Location = Location });

    public Task<VirtualNetwork> Vnet(string rg, string name, DeploymentModel model = DeploymentModel.ResourceManager, string prefix = "10.1.0.0/16", params Subnet[] subnets) =>
        Put(ArmTypes.VirtualNetwork(Sub, rg, name, model), new VirtualNetwork
        {
            Location = Location, AddressPrefixes = [prefix],
            Subnets = subnets.Length > 0 ? subnets : [new Subnet("default", prefix.Replace("0.0/16", "1.0/24"))],
        });

    public Task<NetworkInterface> Nic(string rg, string name, ResourceId subnet, string? staticIp = null) =>
        Put(ArmTypes.NetworkInterface(Sub, rg, name), new NetworkInterface
        {
            Location = Location, SubnetId = subnet, PrivateIpAddress = staticIp,
            PrivateIpAllocationMethod = staticIp is null ? IpAllocationMethod.Dynamic : IpAllocationMethod.Static,
        });

    public Task<StorageAccount> Account(string rg, string name, DeploymentModel model = DeploymentModel.ResourceManager) =>
        Put(ArmTypes.StorageAccount(Sub, rg, name, model), new StorageAccount { Location = Location });

    /// <summary>A managed disk uploaded through a write SAS with <paramref name="content"/> at offset 0, carrying <paramref name="guest"/>.</summary>
    public async Task<ManagedDisk> UploadDisk(string rg, string name, long mib, GuestState? guest, byte[]? content = null)
    {
        var id = ArmTypes.Disk(Sub, rg, name);
        await Put(id, new ManagedDisk { Location = Location, CreateOption = DiskCreateOption.Upload, UploadSizeBytes = mib * Mib + 512, Guest = guest });
        var grant = await Arm.ActionAsync(id, "beginGetAccess", Time, new Dictionary<string, string> { ["access"] = "Write" });
        using (var device = Blobs.OpenPageBlob(grant.Output!, writable: true))
        {
            if (content is not null) device.Write(0, content);
            device.Flush();
        }
        await Arm.ActionAsync(id, "endGetAccess", Time);
        return await Arm.GetAsync<ManagedDisk>(id, Time);
    }

    public static GuestState LinuxGuest(string address = "192.168.10.21") => new()
    {
        OsName = "CentOS 7.9", IsLinux = true, HostName = "web-1",
        Nics = [new GuestNic("eth0", AddressMode.Static, address)],
        Packages = new HashSet<string>(["NetworkManager", "openssh-server", "httpd"], StringComparer.Ordinal),
    };

    public static GuestState WindowsGuest() => new()
    {
        OsName = "Windows Server 2016", HostName = "sql-1",
        Nics = [new GuestNic("Ethernet0", AddressMode.Static, "192.168.10.30")],
    };

    /// <summary>Every resource of every type, as GET returns it, for before/after comparisons.</summary>
    public string Snapshot() =>
        JsonSerializer.Serialize(Cloud.Resources.Cast<object>().ToList(), Json) + JsonSerializer.Serialize(Cloud.PageBlobs, Json);

    private static readonly JsonSerializerOptions Json = new() { Converters = { new ResourceIdConverter() } };

    private sealed class ResourceIdConverter : JsonConverter<ResourceId>
    {
        public override ResourceId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ResourceId.Parse(reader.GetString()!);
        public override void Write(Utf8JsonWriter writer, ResourceId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }

    public void Dispose()
    {
        Sim.Dispose();
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
