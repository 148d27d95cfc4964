namespace Failback.Engine.Ports.Arm;

/// <summary>
/// An ARM resource ID: <c>/subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}[/{childType}/{childName}]</c>.
/// Compared case-insensitively, as ARM does.
/// </summary>
public sealed class ResourceId : IEquatable<ResourceId>
{
    private readonly string _text;

    private ResourceId(string subscription, string? resourceGroup, string? providerNamespace, IReadOnlyList<(string Type, string Name)> segments)
    {
        SubscriptionId = subscription;
        ResourceGroup = resourceGroup;
        Namespace = providerNamespace;
        Segments = segments;
        var text = $"/subscriptions/{subscription}";
        if (resourceGroup is not null) text += $"/resourceGroups/{resourceGroup}";
        if (providerNamespace is not null)
        {
            text += $"/providers/{providerNamespace}";
            foreach (var (type, name) in segments) text += $"/{type}/{name}";
        }
        _text = text;
    }

    public string SubscriptionId { get; }
    public string? ResourceGroup { get; }
    /// <summary>The resource provider, e.g. <c>Microsoft.Network</c> or <c>Microsoft.ClassicCompute</c>.</summary>
    public string? Namespace { get; }
    public IReadOnlyList<(string Type, string Name)> Segments { get; }

    /// <summary>The last segment's name (the resource group or subscription for those scopes).</summary>
    public string Name => Segments.Count > 0 ? Segments[^1].Name : ResourceGroup ?? SubscriptionId;

    /// <summary>e.g. <c>Microsoft.Network/virtualNetworks/subnets</c>; <c>Microsoft.Resources/resourceGroups</c> for a group.</summary>
    public string ResourceType => Namespace is not null
        ? Namespace + "/" + string.Join('/', Segments.Select(s => s.Type))
        : ResourceGroup is not null ? "Microsoft.Resources/resourceGroups" : "Microsoft.Resources/subscriptions";

    /// <summary>Classic resources live under the Microsoft.Classic* providers.</summary>
    public DeploymentModel DeploymentModel =>
        Namespace?.StartsWith("Microsoft.Classic", StringComparison.OrdinalIgnoreCase) == true ? DeploymentModel.Classic : DeploymentModel.ResourceManager;

    public ResourceId? Parent => Segments.Count > 1
        ? new ResourceId(SubscriptionId, ResourceGroup, Namespace, Segments.Take(Segments.Count - 1).ToArray())
        : Namespace is not null ? new ResourceId(SubscriptionId, ResourceGroup, null, [])
        : ResourceGroup is not null ? new ResourceId(SubscriptionId, null, null, []) : null;

    public ResourceId ResourceGroupId => ResourceGroup is null
        ? throw new InvalidOperationException($"'{this}' is not inside a resource group.")
        : new ResourceId(SubscriptionId, ResourceGroup, null, []);

    public static ResourceId Subscription(string subscriptionId) => new(Check(subscriptionId, "subscription"), null, null, []);

    public static ResourceId Group(string subscriptionId, string resourceGroup) =>
        new(Check(subscriptionId, "subscription"), Check(resourceGroup, "resource group"), null, []);

    public static ResourceId Resource(string subscriptionId, string resourceGroup, string providerNamespace, string type, string name) =>
        new(Check(subscriptionId, "subscription"), Check(resourceGroup, "resource group"), Check(providerNamespace, "provider namespace"),
            [(Check(type, "resource type"), Check(name, "resource name"))]);

    /// <summary>A child resource, e.g. a subnet of a virtual network.</summary>
    public ResourceId Child(string type, string name) => Namespace is null
        ? throw new InvalidOperationException($"'{this}' is not a provider resource and has no children.")
        : new ResourceId(SubscriptionId, ResourceGroup, Namespace, [.. Segments, (Check(type, "child type"), Check(name, "child name"))]);

    public static ResourceId Parse(string text) =>
        TryParse(text, out var id, out var problem) ? id : throw new FormatException($"'{text}' is not an ARM resource ID: {problem}.");

    public static bool TryParse(string? text, out ResourceId id) => TryParse(text, out id, out _);

    private static bool TryParse(string? text, out ResourceId id, out string problem)
    {
        id = null!;
        problem = "";
        if (string.IsNullOrWhiteSpace(text) || text[0] != '/')
        {
            problem = "it must start with /subscriptions/";
            return false;
        }
        var parts = text[1..].TrimEnd('/').Split('/');
        if (parts.Length < 2 || !parts[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) || parts[1].Length == 0)
        {
            problem = "it must start with /subscriptions/{subscriptionId}";
            return false;
        }
        if (parts.Length == 2)
        {
            id = new ResourceId(parts[1], null, null, []);
            return true;
        }
        if (parts.Length < 4 || !parts[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) || parts[3].Length == 0)
        {
            problem = "a resource group must follow as /resourceGroups/{name}";
            return false;
        }
        if (parts.Length == 4)
        {
            id = new ResourceId(parts[1], parts[3], null, []);
            return true;
        }
        if (parts.Length < 8 || !parts[4].Equals("providers", StringComparison.OrdinalIgnoreCase) || parts.Length % 2 != 0)
        {
            problem = "a resource must follow as /providers/{namespace}/{type}/{name}";
            return false;
        }
        var segments = new List<(string, string)>();
        for (var i = 6; i < parts.Length; i += 2)
        {
            if (parts[i].Length == 0 || parts[i + 1].Length == 0)
            {
                problem = "a type or name is empty";
                return false;
            }
            segments.Add((parts[i], parts[i + 1]));
        }
        id = new ResourceId(parts[1], parts[3], parts[5], segments);
        return true;
    }

    private static string Check(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Contains('/'))
            throw new ArgumentException($"The {what} '{value}' must be non-empty and contain no '/'.", nameof(value));
        return value;
    }

    public override string ToString() => _text;
    public bool Equals(ResourceId? other) => other is not null && string.Equals(_text, other._text, StringComparison.OrdinalIgnoreCase);
    public override bool Equals(object? obj) => Equals(obj as ResourceId);
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(_text);
    public static bool operator ==(ResourceId? a, ResourceId? b) => a?.Equals(b) ?? b is null;
    public static bool operator !=(ResourceId? a, ResourceId? b) => !(a == b);
}
