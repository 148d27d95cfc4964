using System.Text.Json;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Network;
using Failback.Engine.Ports.VSphere;
using Failback.Scenarios.World;
using NSubstitute;
using NSubstitute.Core;

namespace Failback.Engine.Tests.Interactions;

/// <summary>
/// What the engine asks of its ports: one NSubstitute substitute per port records every call the vault makes (the
/// calls on every vSphere session it logs in to are recorded on <see cref="VSphere"/>), while the simulators answer.
/// </summary>
public sealed class PortCalls
{
    public IVSphereConnector Logins { get; } = Substitute.For<IVSphereConnector>();
    public IVSphereSession VSphere { get; } = Substitute.For<IVSphereSession>();
    public IArm Arm { get; } = Substitute.For<IArm>();
    public IBlobStorage Blobs { get; } = Substitute.For<IBlobStorage>();
    public INetwork Network { get; } = Substitute.For<INetwork>();

    /// <summary>The world's ports seen through the recorders.</summary>
    public WorldPorts Ports => new()
    {
        VSphere = real => PortSpy<IVSphereConnector>.Wrap(real, Logins, WrapSession),
        Arm = real => PortSpy<IArm>.Wrap(real, Arm),
        Blobs = real => PortSpy<IBlobStorage>.Wrap(real, Blobs),
        Network = real => PortSpy<INetwork>.Wrap(real, Network),
    };

    private object? WrapSession(object? login) =>
        login is Task<IVSphereSession> session ? WrapAsync(session) : login;

    private async Task<IVSphereSession> WrapAsync(Task<IVSphereSession> login) => PortSpy<IVSphereSession>.Wrap(await login, VSphere);

    /// <summary>Every call on a port since the last <see cref="Clear"/>, login calls aside.</summary>
    public IEnumerable<ICall> AfterLogin => new object[] { VSphere, Arm, Blobs, Network }.SelectMany(s => s.ReceivedCalls());

    public void Clear()
    {
        foreach (var s in new object[] { Logins, VSphere, Arm, Blobs, Network }) s.ClearReceivedCalls();
    }

    /// <summary>The vSphere methods that change the site, and the ARM and blob methods that change Azure.</summary>
    public static readonly IReadOnlySet<string> Mutating = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(IVSphereSession.CreateVmAsync), nameof(IVSphereSession.RegisterVmAsync), nameof(IVSphereSession.DestroyVmAsync),
        nameof(IVSphereSession.UnregisterVmAsync), nameof(IVSphereSession.PowerOnVmAsync), nameof(IVSphereSession.PowerOffVmAsync),
        nameof(IVSphereSession.ReconfigureVmAsync), nameof(IVSphereSession.CreateSnapshotAsync), nameof(IVSphereSession.RemoveSnapshotAsync),
        nameof(IVSphereSession.RemoveAllSnapshotsAsync), nameof(IVSphereSession.RelocateVmAsync), nameof(IVSphereSession.AddHostAsync),
        nameof(IVSphereSession.AssignLicenseAsync), nameof(IVSphereSession.WriteGuestAsync),
        nameof(IArm.BeginCreateOrUpdateAsync), nameof(IArm.BeginDeleteAsync), nameof(IArm.BeginActionAsync),
        nameof(IBlobStorage.CreateContainerAsync), nameof(IBlobStorage.CreatePageBlobAsync), nameof(IBlobStorage.SetGuestAsync),
        nameof(IBlobStorage.DeleteBlobAsync),
    };

    /// <summary>The calls among <paramref name="calls"/> that change a site, as "Method(args)".</summary>
    public static List<string> MutatingCalls(IEnumerable<ICall> calls) =>
        [.. calls.Where(c => Mutating.Contains(c.GetMethodInfo().Name)).Select(Describe)];

    /// <summary>The calls among <paramref name="calls"/> any of whose arguments holds one of <paramref name="secrets"/>.</summary>
    public static List<string> CallsCarrying(IEnumerable<ICall> calls, IReadOnlyList<string> secrets) =>
        [.. calls.Select(Describe).Where(text => secrets.Any(s => text.Contains(s, StringComparison.Ordinal)))];

    /// <summary>A call as text, each argument in full (records and bodies as JSON, nested lists and dictionaries included).</summary>
    public static string Describe(ICall call) =>
        $"{call.GetMethodInfo().Name}({string.Join(", ", call.GetArguments().Select(Text))})";

    private static string Text(object? argument) => argument switch
    {
        null => "null",
        string s => s,
        CancellationToken => "ct",
        _ => Json(argument),
    };

    private static string Json(object argument)
    {
        try
        {
            return JsonSerializer.Serialize(argument, argument.GetType());
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException)
        {
            return argument.ToString() ?? "";
        }
    }
}
