using Failback.Engine.Ports.Network;

namespace Failback.Simulators.Azure.Connectivity;

/// <summary>One link of a path: its name (as the path and fault rules call it), kind, bandwidth and one-way latency.</summary>
internal sealed record NetworkLink(string Name, LinkKind Kind, long BitsPerSecond, TimeSpan Latency);
