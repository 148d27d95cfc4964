namespace Failback.Simulators.Azure.Connectivity;

public enum FirewallAction { Allow, Deny }

/// <summary>
/// A firewall or NSG rule on the path: source and destination are host names or addresses with
/// <c>*</c>/<c>?</c> wildcards; <see cref="Port"/> null matches every port. The lowest priority
/// number that matches decides; without a match traffic is allowed.
/// </summary>
public sealed record FirewallRule(string Name, int Priority, FirewallAction Action)
{
    public string Source { get; init; } = "*";
    public string Destination { get; init; } = "*";
    public int? Port { get; init; }
}
