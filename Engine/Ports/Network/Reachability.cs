namespace Failback.Engine.Ports.Network;

/// <summary>
/// The answer of a reachability check, with the path taken (hosts and links by name) or the reason it failed;
/// <see cref="Links"/> says what kind each link of the path is (also when a firewall blocks it at the end).
/// </summary>
public sealed record Reachability(bool Reachable, string? Reason, IReadOnlyList<string> Path)
{
    public IReadOnlyList<LinkKind> Links { get; init; } = [];

    /// <summary>Whether the path crosses a link of <paramref name="kind"/>.</summary>
    public bool Crosses(LinkKind kind) => Links.Contains(kind);
}
