namespace Failback.Engine.Orchestration.Plans;

/// <summary>
/// A recovery plan: up to 7 ordered groups holding up to 100 protected items in all. Groups run in
/// order; the items of one group run in parallel.
/// </summary>
public sealed class RecoveryPlan
{
    public const int MaxGroups = 7;
    public const int MaxItems = 100;

    public RecoveryPlan(string name, IReadOnlyList<IReadOnlyList<string>> groups)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count is 0 or > MaxGroups)
            throw new ArgumentException($"Recovery plan '{name}' has {groups.Count} groups; a plan holds 1 to {MaxGroups}.", nameof(groups));
        if (groups.FirstOrDefault(g => g.Count == 0) is not null)
            throw new ArgumentException($"Recovery plan '{name}' has an empty group; remove it or add items to it.", nameof(groups));
        var items = groups.SelectMany(g => g).ToList();
        if (items.Count > MaxItems)
            throw new ArgumentException($"Recovery plan '{name}' holds {items.Count} items; a plan holds at most {MaxItems}. Split it into several plans.", nameof(groups));
        var duplicate = items.GroupBy(i => i, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Recovery plan '{name}' lists item '{duplicate.Key}' more than once.", nameof(groups));
        Name = name;
        Groups = [.. groups.Select(g => (IReadOnlyList<string>)[.. g])];
    }

    public string Name { get; }
    public IReadOnlyList<IReadOnlyList<string>> Groups { get; }
    public IEnumerable<string> ItemIds => Groups.SelectMany(g => g);
}
