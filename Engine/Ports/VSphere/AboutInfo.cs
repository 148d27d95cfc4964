namespace Failback.Engine.Ports.VSphere;

/// <summary>
/// What a server says about itself: <c>VirtualCenter</c> for a vCenter Server, <c>HostAgent</c> for an
/// ESXi host reached directly (one that no vCenter may manage, LOC-6).
/// </summary>
public sealed record AboutInfo(string Name, string FullName, string ApiType, string Version, string InstanceUuid)
{
    public const string VirtualCenter = "VirtualCenter";
    public const string HostAgent = "HostAgent";

    public bool IsVCenter => ApiType == VirtualCenter;
}
