namespace Failback.Scenarios.Steps;

/// <summary>
/// One field of a step, an expectation or a fault rule, declared once: its name, what it takes, its default and
/// a one-line doc. The binder accepts exactly the declared fields; <c>scenario.schema.json</c> and the README's
/// tables are generated from these declarations (<see cref="Docs.LanguageDocs"/>).
/// </summary>
internal sealed record Field(string Name, FieldType Type, string Doc)
{
    public bool Required { get; init; }
    /// <summary>What an absent field means, as the README says it; null when there is nothing to say.</summary>
    public string? Default { get; init; }
    public IReadOnlyList<string> Choices { get; init; } = [];
    /// <summary>A regular expression that text is also accepted by (a listed recovery point's id).</summary>
    public string? Pattern { get; init; }
    public long? Min { get; init; }
    public long? Max { get; init; }
    /// <summary>The fields of a <see cref="FieldType.Map"/> or of each map of a <see cref="FieldType.MapList"/>.</summary>
    public IReadOnlyList<Field> Items { get; init; } = [];

    /// <summary>The names of <paramref name="fields"/>, the keys a map of them accepts.</summary>
    public static string[] Names(IEnumerable<Field> fields) => [.. fields.Select(f => f.Name)];

    public static Field Req(string name, FieldType type, string doc) => new(name, type, doc) { Required = true };
    public static Field Opt(string name, FieldType type, string doc, string? defaultValue = null) => new(name, type, doc) { Default = defaultValue };
    public static Field OneOf(string name, IEnumerable<string> choices, string doc, string? defaultValue = null, bool required = false) =>
        new(name, FieldType.Choice, doc) { Choices = [.. choices], Default = defaultValue, Required = required };
    public static Field Maps(string name, string doc, IReadOnlyList<Field> items, bool required = false) =>
        new(name, FieldType.MapList, doc) { Items = items, Required = required };
    public static Field Map(string name, string doc, IReadOnlyList<Field> items) => new(name, FieldType.Map, doc) { Items = items };
    public static Field Int(string name, long min, string doc, string? defaultValue = null, long? max = null, bool required = false) =>
        new(name, FieldType.Integer, doc) { Min = min, Max = max, Default = defaultValue, Required = required };
}
