namespace Failback.Simulators.Azure.Connectivity;

/// <summary>One link of a path: its name (as the path and fault rules call it), bandwidth and one-way latency.</summary>
internal sealed record NetworkLink(string Name, long BitsPerSecond, TimeSpan Latency);
