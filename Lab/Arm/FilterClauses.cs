using System.Text.RegularExpressions;

namespace Failback.Lab.Arm;

/// <summary>
/// The OData $filter ASR's lists take (JobQueryParameter, ProtectedItemsQueryParameter): clauses <c>name eq 'value'</c>
/// joined by <c>and</c>, a quote in a value doubled. Each list says which names it takes.
/// </summary>
internal static partial class FilterClauses
{
    /// <summary>The clauses of <paramref name="filter"/>; <paramref name="names"/> lists the list's names for the refusal.</summary>
    public static IEnumerable<(string Name, string Value)> Parse(string? filter, string names)
    {
        if (string.IsNullOrWhiteSpace(filter)) yield break;
        foreach (var clause in AndPattern().Split(filter.Trim()))
        {
            var m = ClausePattern().Match(clause.Trim());
            if (!m.Success)
                throw new ArmException(400, "InvalidFilter", $"The $filter clause '{clause.Trim()}' is not of the form name eq 'value'; this list's filter takes {names} joined by 'and'.");
            yield return (m.Groups[1].Value, m.Groups[2].Value.Replace("''", "'", StringComparison.Ordinal));
        }
    }

    /// <summary>A name the list does not take.</summary>
    public static ArmException Unknown(string name, string names) =>
        new(400, "InvalidFilter", $"The $filter names '{name}'; this list's filter takes {names}.");

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndPattern();

    [GeneratedRegex(@"^(\w+)\s+eq\s+'((?:[^']|'')*)'$", RegexOptions.IgnoreCase)]
    private static partial Regex ClausePattern();
}
