using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Network;
using Failback.Simulators.Azure.Core;
using Failback.Simulators.Azure.Network;
using Failback.Simulators.Kernel;

namespace Failback.Simulators.Azure.Connectivity;

/// <summary>
/// The network between on-premises sites and Azure. A path follows what exists in ARM: ExpressRoute
/// private peering (preferred, as BGP prefers it) or a site-to-site VPN from a site to the network a
/// VM is in; ExpressRoute Microsoft peering or the site's internet breakout to public endpoints such as
/// storage accounts (ER-3); the Azure backbone from a network to public endpoints. Links can be taken
/// down, and the fault plan (target "network", operation "check" or "transfer", object a link or host
/// name) partitions them ("partition") or slows them (a delay). Firewall rules then decide.
/// Transfers share each link's bandwidth in chunks, in virtual time.
/// </summary>
public sealed class AzureNetwork : INetwork
{
    private const long Chunk = 4L * 1024 * 1024;

    /// <summary>The network's fault site: a connection check and a transfer, on a link or a host; any fault name partitions.</summary>
    public static FaultSite FaultSite { get; } = new("network", ["check", "transfer"], ["partition"], OpenFaults: true);
    private const string Backbone = "azure-backbone";

    private readonly AzureCloud _cloud;
    private readonly FaultPlan _faults;
    private readonly Dictionary<string, OnPremisesSite> _sites = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (string Address, string Site)> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _downHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _downLinks = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<ResourceId, string> _circuitSites = [];
    private readonly List<FirewallRule> _rules = [];
    private readonly Dictionary<string, DateTimeOffset> _linkFreeAt = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedDictionary<string, long> _bytes = new(StringComparer.OrdinalIgnoreCase);

    internal AzureNetwork(AzureCloud cloud, FaultPlan faults)
    {
        _cloud = cloud;
        _faults = faults;
    }

    /// <summary>Bytes carried so far by each link.</summary>
    public IReadOnlyDictionary<string, long> BytesByLink => _bytes;

    public void AddSite(OnPremisesSite site)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (_sites.ContainsKey(site.Name)) throw new ArgumentException($"A site named '{site.Name}' exists already.", nameof(site));
        if (!Ipv4Prefix.TryParseAddress(site.VpnDeviceIp, out _)) throw new ArgumentException($"'{site.VpnDeviceIp}' is not an IPv4 address for the VPN device of site '{site.Name}'.", nameof(site));
        if (site.AddressPrefixes.Count == 0) throw new ArgumentException($"Site '{site.Name}' needs at least one address prefix.", nameof(site));
        foreach (var prefix in site.AddressPrefixes)
            if (!Ipv4Prefix.TryParse(prefix, out _)) throw new ArgumentException($"'{prefix}' is not an IPv4 prefix (site '{site.Name}').", nameof(site));
        _sites.Add(site.Name, site);
        _cloud.Trace.Emit("network", "site.added", ("site", site.Name), ("vpnDevice", site.VpnDeviceIp), ("latency", site.Latency));
        RefreshConnections();
    }

    /// <summary>Registers an on-premises host (a configuration server, master target, ESXi host...) by name and address.</summary>
    public void RegisterHost(string name, string address, string site)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_sites.TryGetValue(site, out var s)) throw new ArgumentException($"No site named '{site}'; add it first.", nameof(site));
        if (!Ipv4Prefix.TryParseAddress(address, out var a)) throw new ArgumentException($"'{address}' is not an IPv4 address.", nameof(address));
        if (!s.AddressPrefixes.Any(p => Ipv4Prefix.TryParse(p, out var prefix) && prefix.Contains(a)))
            throw new ArgumentException($"{address} is outside site '{site}' ({string.Join(", ", s.AddressPrefixes)}).", nameof(address));
        if (_hosts.Values.Any(h => h.Address == address) && !(_hosts.TryGetValue(name, out var old) && old.Address == address))
            throw new ArgumentException($"{address} is already registered to another host.", nameof(address));
        _hosts[name] = (address, site);
        _cloud.Trace.Emit("network", "host.registered", ("host", name), ("address", address), ("site", site));
    }

    /// <summary>Marks an on-premises host as up or down (powered off, crashed).</summary>
    public void SetHostUp(string name, bool up)
    {
        if (up) _downHosts.Remove(name);
        else _downHosts.Add(name);
        _cloud.Trace.Emit("network", "host.state", ("host", name), ("up", up));
    }

    /// <summary>Takes a link (by the name paths and fault rules give it, e.g. <c>vpn:s2s-1</c>, <c>er:circuit-1/private</c>) down or up.</summary>
    public void SetLinkUp(string link, bool up)
    {
        if (up) _downLinks.Remove(link);
        else _downLinks.Add(link);
        _cloud.Trace.Emit("network", "link.state", ("link", link), ("up", up));
    }

    public void AddFirewallRule(FirewallRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _rules.RemoveAll(r => r.Name == rule.Name);
        _rules.Add(rule);
        _rules.Sort((a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : string.CompareOrdinal(a.Name, b.Name));
        _cloud.Trace.Emit("network", "firewall.rule", ("rule", rule.Name), ("action", rule.Action), ("source", rule.Source), ("destination", rule.Destination), ("port", rule.Port));
    }

    public bool RemoveFirewallRule(string name) => _rules.RemoveAll(r => r.Name == name) > 0;

    /// <summary>
    /// The connectivity provider provisions a circuit to a site (what the provider does with the
    /// circuit's service key); only then can its peerings be configured.
    /// </summary>
    public void ProvisionCircuit(ResourceId circuitId, string site)
    {
        var circuit = _cloud.Store.Find<ExpressRouteCircuit>(circuitId) ?? throw new ArgumentException($"No ExpressRoute circuit '{circuitId}'.", nameof(circuitId));
        if (!_sites.ContainsKey(site)) throw new ArgumentException($"No site named '{site}'; add it first.", nameof(site));
        _circuitSites[circuitId] = site;
        _cloud.Store.Set(circuit with { ServiceProviderProvisioningState = ServiceProviderProvisioningState.Provisioned });
        _cloud.Trace.Emit("network", "circuit.provisioned", ("circuit", circuitId.ToString()), ("site", site));
        RefreshConnections();
    }

    /// <summary>A connection whose far end appears (a site added, a circuit provisioned) connects, as the real one would.</summary>
    private void RefreshConnections()
    {
        foreach (var c in _cloud.Store.All<VirtualNetworkGatewayConnection>().Where(c => c.ProvisioningState == ProvisioningState.Succeeded).ToList())
            if (StatusOf(c) is var status && status != c.ConnectionStatus) _cloud.Store.Set(c with { ConnectionStatus = status });
    }

    internal void ForgetCircuit(ResourceId circuitId) => _circuitSites.Remove(circuitId);

    /// <summary>What a connection's status is now: connected when its far end is a known site.</summary>
    internal ConnectionStatus StatusOf(VirtualNetworkGatewayConnection connection) => SiteOf(connection) is null ? ConnectionStatus.NotConnected : ConnectionStatus.Connected;

    private string? SiteOf(VirtualNetworkGatewayConnection c)
    {
        if (c.ConnectionType == ConnectionType.ExpressRoute)
            return c.ExpressRouteCircuitId is { } id && _circuitSites.TryGetValue(id, out var site) ? site : null;
        var lng = _cloud.Store.Find<LocalNetworkGateway>(c.LocalNetworkGatewayId);
        return _sites.Values.FirstOrDefault(s => s.VpnDeviceIp == lng?.GatewayIpAddress)?.Name;
    }

    public Reachability Check(string sourceHost, string destinationHost, int port)
    {
        var (links, reason, path, kinds) = Route(sourceHost, destinationHost, port, "check");
        _cloud.Trace.Emit("network", "check", ("source", sourceHost), ("destination", destinationHost), ("port", port),
            ("reachable", links is not null), ("reason", reason), ("path", string.Join(" > ", path)));
        return new Reachability(links is not null, reason, path) { Links = kinds };
    }

    public async Task TransferAsync(string sourceHost, string destinationHost, int port, long bytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var (links, reason, path, _) = Route(sourceHost, destinationHost, port, "transfer");
        if (links is null)
        {
            _cloud.Trace.Emit("network", "transfer.failed", ("source", sourceHost), ("destination", destinationHost), ("port", port), ("reason", reason));
            throw new NetworkUnreachableException($"{sourceHost} cannot reach {destinationHost}:{port}: {reason}");
        }
        var clock = _cloud.Clock;
        var start = clock.GetUtcNow();
        var bottleneck = links.Min(l => l.BitsPerSecond);
        for (long sent = 0; sent < bytes;)
        {
            var chunk = Math.Min(Chunk, bytes - sent);
            if (links.FirstOrDefault(l => _downLinks.Contains(l.Name)) is { } down)
                throw Unreachable(sourceHost, destinationHost, port, sent, $"link {down.Name} went down");
            var now = clock.GetUtcNow();
            var begin = links.Select(l => _linkFreeAt.GetValueOrDefault(l.Name, now)).Append(now).Max();
            var end = begin + TimeSpan.FromTicks((long)Math.Ceiling(chunk * 8.0 * TimeSpan.TicksPerSecond / bottleneck));
            foreach (var link in links)
            {
                _linkFreeAt[link.Name] = end;
                _bytes[link.Name] = _bytes.GetValueOrDefault(link.Name) + chunk;
            }
            await clock.Delay(end - now, cancellationToken);
            sent += chunk;
        }
        await clock.Delay(links.Aggregate(TimeSpan.Zero, (t, l) => t + l.Latency), cancellationToken);
        _cloud.Trace.Emit("network", "transfer", ("source", sourceHost), ("destination", destinationHost), ("port", port), ("bytes", bytes),
            ("path", string.Join(" > ", path)), ("duration", clock.GetUtcNow() - start));
    }

    private NetworkUnreachableException Unreachable(string source, string destination, int port, long sent, string reason)
    {
        _cloud.Trace.Emit("network", "transfer.failed", ("source", source), ("destination", destination), ("port", port), ("sent", sent), ("reason", reason));
        return new NetworkUnreachableException($"{source} lost {destination}:{port} after {sent} bytes: {reason}");
    }

    /// <summary>The links from source to destination, or why there are none; the path names hosts and links.</summary>
    private (IReadOnlyList<NetworkLink>? Links, string? Reason, IReadOnlyList<string> Path, IReadOnlyList<LinkKind> Kinds) Route(
        string source, string destination, int port, string operation)
    {
        if (port is < 1 or > 65535) return (null, $"port {port} is not a TCP port (1-65535)", [], []);
        var from = Locate(source);
        var to = Locate(destination);
        if (from is null) return (null, $"unknown host '{source}'", [], []);
        if (to is null) return (null, $"unknown host '{destination}'", [source], []);
        foreach (var end in new[] { from, to })
        {
            if (end.Down is not null) return (null, $"{end.Host} is {end.Down}", [source], []);
            if (_faults.Consult("network", operation, end.Host) is { Fault: not null } hit) return (null, $"{end.Host} is cut off ({hit.Fault})", [source], []);
        }
        if (from.Kind == EndpointKind.Public)
            return (null, $"{from.Host} is a public service endpoint; it does not open connections", [source], []);

        string? lastReason = null;
        foreach (var candidate in Candidates(from, to))
        {
            var blocked = candidate.FirstOrDefault(l => _downLinks.Contains(l.Name))?.Name;
            if (blocked is not null)
            {
                lastReason = $"link {blocked} is down";
                continue;
            }
            var extra = TimeSpan.Zero;
            foreach (var link in candidate)
            {
                var hit = _faults.Consult("network", operation, link.Name);
                if (hit?.Fault is not null)
                {
                    blocked = link.Name;
                    lastReason = $"link {link.Name} is partitioned ({hit.Fault})";
                    break;
                }
                extra += hit?.Delay ?? TimeSpan.Zero;
            }
            if (blocked is not null) continue;
            IReadOnlyList<NetworkLink> links = extra > TimeSpan.Zero ? [.. candidate.SkipLast(1), candidate[^1] with { Latency = candidate[^1].Latency + extra }] : candidate;
            var path = new List<string> { source };
            path.AddRange(links.Select(l => l.Name));
            path.Add(destination);
            if (Firewall(from, to, port) is { Action: FirewallAction.Deny } rule)
                return (null, $"blocked by firewall rule '{rule.Name}' (port {port})", path, [.. links.Select(l => l.Kind)]);
            return (links, null, path, [.. links.Select(l => l.Kind)]);
        }
        return (null, lastReason ?? NoRouteReason(from, to), [source], []);
    }

    private FirewallRule? Firewall(Endpoint from, Endpoint to, int port) => _rules.FirstOrDefault(r =>
        (r.Port is null || r.Port == port)
        && (FaultPlan.Matches(r.Source, from.Host) || FaultPlan.Matches(r.Source, from.Address))
        && (FaultPlan.Matches(r.Destination, to.Host) || FaultPlan.Matches(r.Destination, to.Address)));

    private string NoRouteReason(Endpoint from, Endpoint to) => (from.Kind, to.Kind) switch
    {
        (EndpointKind.Site, EndpointKind.VirtualNetwork) or (EndpointKind.VirtualNetwork, EndpointKind.Site) =>
            $"no site-to-site VPN or ExpressRoute private peering connects site '{SitePlace(from, to)}' to virtual network '{VnetName(from, to)}' (ER-1, ER-2)",
        (EndpointKind.Site, EndpointKind.Public) =>
            $"site '{from.Place}' reaches public endpoints only through its internet breakout or ExpressRoute Microsoft peering (ER-3)",
        (EndpointKind.VirtualNetwork, EndpointKind.VirtualNetwork) => "no route between the two virtual networks (no shared ExpressRoute circuit)",
        _ => $"no route from site '{from.Place}' to site '{to.Place}'",
    };

    private static string SitePlace(Endpoint a, Endpoint b) => a.Kind == EndpointKind.Site ? a.Place : b.Place;
    private static string VnetName(Endpoint a, Endpoint b) => ResourceId.Parse(a.Kind == EndpointKind.VirtualNetwork ? a.Place : b.Place).Name;

    /// <summary>The candidate link lists from one endpoint to another, preferred first.</summary>
    private IEnumerable<IReadOnlyList<NetworkLink>> Candidates(Endpoint from, Endpoint to)
    {
        switch (from.Kind, to.Kind)
        {
            case (EndpointKind.Site, EndpointKind.Site) when from.Place.Equals(to.Place, StringComparison.OrdinalIgnoreCase):
                var site = _sites[from.Place];
                yield return [new NetworkLink($"lan:{site.Name}", LinkKind.Lan, site.LanMbps * 1_000_000L, site.LanLatency)];
                break;
            case (EndpointKind.VirtualNetwork, EndpointKind.VirtualNetwork) when from.Place.Equals(to.Place, StringComparison.OrdinalIgnoreCase):
                yield return [new NetworkLink($"vnet:{ResourceId.Parse(from.Place).Name}", LinkKind.VirtualNetwork, 10_000_000_000L, TimeSpan.FromMilliseconds(0.5))];
                break;
            case (EndpointKind.VirtualNetwork, EndpointKind.VirtualNetwork):
                foreach (var (circuit, bps) in SharedCircuits(from.Place, to.Place))
                    yield return [new NetworkLink($"er:{circuit.Name}/private", LinkKind.ExpressRoutePrivate, bps, TimeSpan.FromMilliseconds(2))];
                break;
            case (EndpointKind.Site, EndpointKind.VirtualNetwork):
                foreach (var link in SiteToVnet(from.Place, to.Place)) yield return [link];
                break;
            case (EndpointKind.VirtualNetwork, EndpointKind.Site):
                foreach (var link in SiteToVnet(to.Place, from.Place)) yield return [link];
                break;
            case (EndpointKind.Site, EndpointKind.Public):
                var s = _sites[from.Place];
                foreach (var circuit in CircuitsOf(s.Name).Where(c => c.HasPeering(PeeringType.MicrosoftPeering) || c.HasPeering(PeeringType.AzurePublicPeering)))
                    yield return [new NetworkLink($"er:{circuit.Name}/microsoft", LinkKind.ExpressRouteMicrosoft, circuit.BandwidthInMbps * 1_000_000L, s.Latency)];
                if (s.InternetMbps is { } mbps)
                    yield return [new NetworkLink($"internet:{s.Name}", LinkKind.Internet, mbps * 1_000_000L, s.Latency + TimeSpan.FromMilliseconds(5))];
                break;
            case (EndpointKind.VirtualNetwork, EndpointKind.Public):
                yield return [new NetworkLink(Backbone, LinkKind.Backbone, 10_000_000_000L, TimeSpan.FromMilliseconds(1))];
                break;
        }
    }

    private IEnumerable<ExpressRouteCircuit> CircuitsOf(string site) =>
        _circuitSites.Where(kv => kv.Value.Equals(site, StringComparison.OrdinalIgnoreCase))
            .Select(kv => _cloud.Store.Find<ExpressRouteCircuit>(kv.Key)).OfType<ExpressRouteCircuit>()
            .Where(c => c.ProvisioningState == ProvisioningState.Succeeded)
            .OrderBy(c => c.Id!.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Working connections of a network's gateways, with their gateway.</summary>
    private IEnumerable<(VirtualNetworkGatewayConnection Connection, VirtualNetworkGateway Gateway)> ConnectionsOf(string vnetId) =>
        _cloud.Store.All<VirtualNetworkGatewayConnection>()
            .Where(c => c.ProvisioningState == ProvisioningState.Succeeded)
            .Select(c => (Connection: c, Gateway: _cloud.Store.Find<VirtualNetworkGateway>(c.VirtualNetworkGatewayId)))
            .Where(x => x.Gateway is { ProvisioningState: ProvisioningState.Succeeded } g && g.VirtualNetworkId?.ToString().Equals(vnetId, StringComparison.OrdinalIgnoreCase) == true)
            .Select(x => (x.Connection, x.Gateway!));

    private IEnumerable<NetworkLink> SiteToVnet(string siteName, string vnetId)
    {
        var site = _sites[siteName];
        var connections = ConnectionsOf(vnetId).ToList();
        foreach (var (connection, gateway) in connections.Where(x => x.Connection.ConnectionType == ConnectionType.ExpressRoute))
        {
            var circuit = _cloud.Store.Find<ExpressRouteCircuit>(connection.ExpressRouteCircuitId);
            if (circuit is null || !circuit.HasPeering(PeeringType.AzurePrivatePeering) || SiteOf(connection)?.Equals(siteName, StringComparison.OrdinalIgnoreCase) != true) continue;
            yield return new NetworkLink($"er:{circuit.Name}/private", LinkKind.ExpressRoutePrivate, Math.Min(circuit.BandwidthInMbps, gateway.BandwidthMbps) * 1_000_000L, site.Latency);
        }
        foreach (var (connection, gateway) in connections.Where(x => x.Connection.ConnectionType == ConnectionType.IPsec))
        {
            if (SiteOf(connection)?.Equals(siteName, StringComparison.OrdinalIgnoreCase) != true) continue;
            // The tunnel crosses the internet and pays for encryption on both ends.
            yield return new NetworkLink($"vpn:{connection.Name}", LinkKind.Vpn, gateway.BandwidthMbps * 1_000_000L, site.Latency + TimeSpan.FromMilliseconds(5));
        }
    }

    private IEnumerable<(ExpressRouteCircuit Circuit, long Bps)> SharedCircuits(string vnetA, string vnetB)
    {
        var a = ConnectionsOf(vnetA).Where(x => x.Connection.ConnectionType == ConnectionType.ExpressRoute).ToList();
        foreach (var (connection, gateway) in ConnectionsOf(vnetB).Where(x => x.Connection.ConnectionType == ConnectionType.ExpressRoute))
        {
            var other = a.FirstOrDefault(x => x.Connection.ExpressRouteCircuitId == connection.ExpressRouteCircuitId);
            if (other.Connection is null || _cloud.Store.Find<ExpressRouteCircuit>(connection.ExpressRouteCircuitId) is not { } circuit) continue;
            yield return (circuit, Math.Min(gateway.BandwidthMbps, other.Gateway.BandwidthMbps) * 1_000_000L);
        }
    }

    /// <summary>Resolves a host name or address: on-premises hosts, Azure VMs (by name or private address), blob endpoints.</summary>
    private Endpoint? Locate(string host)
    {
        if (_hosts.TryGetValue(host, out var h))
            return new Endpoint(host, h.Address, EndpointKind.Site, h.Site, _downHosts.Contains(host) ? "down" : null);
        foreach (var (name, (address, site)) in _hosts)
            if (address == host) return new Endpoint(name, address, EndpointKind.Site, site, _downHosts.Contains(name) ? "down" : null);

        foreach (var vm in _cloud.Store.All<VirtualMachine>())
        {
            if (!vm.Name.Equals(host, StringComparison.OrdinalIgnoreCase) && !vm.PrivateIpAddresses.Contains(host)) continue;
            var vnet = VnetOf(vm);
            if (vnet is null) continue;
            var down = vm.PowerState == PowerState.Running ? null : $"a VM that is {vm.PowerState}";
            return new Endpoint(vm.Name, vm.PrivateIpAddresses.FirstOrDefault() ?? "", EndpointKind.VirtualNetwork, vnet.ToString(), down);
        }
        if (_cloud.Store.All<StorageAccount>().FirstOrDefault(a => a.BlobHost.Equals(host, StringComparison.OrdinalIgnoreCase)) is { } account)
            return new Endpoint(account.BlobHost, account.BlobHost, EndpointKind.Public, "storage");
        if (_cloud.Blobs.IsDiskAccessHost(host))
            return new Endpoint(host, host, EndpointKind.Public, "storage");
        return null;
    }

    private ResourceId? VnetOf(VirtualMachine vm)
    {
        var subnet = vm.DeploymentModel == DeploymentModel.Classic
            ? vm.SubnetId
            : vm.NetworkInterfaceIds.Select(id => _cloud.Store.Find<NetworkInterface>(id)?.SubnetId).FirstOrDefault(s => s is not null);
        return SubnetAddresses.Find(_cloud.Store, subnet)?.Network.Id;
    }
}
