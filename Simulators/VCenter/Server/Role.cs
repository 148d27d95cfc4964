namespace Failback.Simulators.VCenter.Server;

/// <summary>
/// A role: a named set of privileges. The built-in Administrator role (id -1) holds every privilege,
/// Read-only (-2) only System.Anonymous/View/Read, No access (-5) none; custom roles get ids from 1.
/// </summary>
public sealed class Role(int id, string name, IEnumerable<string> privileges, bool all = false)
{
    public const int AdminId = -1;
    public const int ReadOnlyId = -2;
    public const int NoAccessId = -5;

    public int Id { get; } = id;
    public string Name { get; } = name;
    public IReadOnlySet<string> Privileges { get; } = new HashSet<string>(privileges, StringComparer.Ordinal);

    public bool Has(string privilege) => all || Privileges.Contains(privilege);
}
