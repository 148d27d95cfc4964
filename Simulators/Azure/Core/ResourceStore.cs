using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;

namespace Failback.Simulators.Azure.Core;

/// <summary>Every resource by ID; enumeration is in ID order so listings and scans are deterministic.</summary>
internal sealed class ResourceStore
{
    private readonly SortedDictionary<string, ArmResource> _items = new(StringComparer.OrdinalIgnoreCase);

    public ArmResource? Find(ResourceId? id) => id is not null && _items.TryGetValue(id.ToString(), out var r) ? r : null;

    public T? Find<T>(ResourceId? id) where T : ArmResource => Find(id) as T;

    public bool Contains(ResourceId id) => _items.ContainsKey(id.ToString());

    public void Set(ArmResource resource) => _items[resource.Id!.ToString()] = resource;

    public void Remove(ResourceId id) => _items.Remove(id.ToString());

    public IEnumerable<ArmResource> Items => _items.Values;

    public IEnumerable<T> All<T>() where T : ArmResource => _items.Values.OfType<T>();

    /// <summary>Replaces the stored resource with a changed copy.</summary>
    public T Update<T>(T resource, Func<T, T> change) where T : ArmResource
    {
        var changed = change(resource);
        Set(changed);
        return changed;
    }
}
