using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Failback.Scenarios.Docs;
using Failback.Scenarios.Running;
using Json.Schema;
using Xunit;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Failback.Scenarios.Tests;

/// <summary>
/// The language is declared once: the committed JSON Schema and the README's tables are what the binders'
/// declarations generate, and every drill of the library passes both the binder and an independent JSON Schema
/// validator (JsonSchema.Net) reading the generated schema.
/// </summary>
public sealed partial class LanguageDocsTests
{
    private const string Regenerate = "If the change is intended, regenerate from the repository root with\n" +
        "    dotnet run -c Release --project Scenarios -- schema > Scenarios/scenario.schema.json\n" +
        "and for the README replace the block between the markers with the output of `drill schema --tables`; review the diff.";

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoRoot.Path, LanguageDocs.SchemaFile))));

    [Fact]
    public void TheCommittedSchemaIsGeneratedFromTheDeclarations()
    {
        var committed = File.ReadAllText(Path.Combine(RepoRoot.Path, LanguageDocs.SchemaFile)).ReplaceLineEndings("\n");
        Assert.True(committed == LanguageDocs.Schema(), $"{LanguageDocs.SchemaFile} differs from the declarations. {Regenerate}");
    }

    [Fact]
    public void TheReadmeTablesAreGeneratedFromTheDeclarations()
    {
        var committed = File.ReadAllText(Path.Combine(RepoRoot.Path, LanguageDocs.ReadmeFile)).ReplaceLineEndings("\n");
        Assert.True(committed == LanguageDocs.WithTables(committed), $"the tables in {LanguageDocs.ReadmeFile} differ from the declarations. {Regenerate}");
    }

    /// <summary>A hand edit of one cell of the tables, or of one keyword of the schema, is noticed (planted drift).</summary>
    [Fact]
    public void AHandEditIsNoticed()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, LanguageDocs.ReadmeFile)).ReplaceLineEndings("\n");
        var edited = readme.Replace("| `commit` | commits a failover |", "| `commit` | commits a failover, twice |", StringComparison.Ordinal);
        Assert.NotEqual(readme, edited);
        Assert.NotEqual(edited, LanguageDocs.WithTables(edited));
        var schema = LanguageDocs.Schema();
        Assert.Contains("\"maximum\": 65535", schema, StringComparison.Ordinal);
        Assert.NotEqual(schema, schema.Replace("\"maximum\": 65535", "\"maximum\": 65536", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DrillData.DrillFiles), MemberType = typeof(DrillData))]
    public void EveryDrillValidatesAgainstTheGeneratedSchema(string drill)
    {
        var errors = Validate(File.ReadAllText(Path.Combine(RepoRoot.Drills, drill)));
        Assert.True(errors.Count == 0, $"{drill} does not validate against {LanguageDocs.SchemaFile}:\n{string.Join("\n", errors)}");
    }

    /// <summary>The validator is a real judge: drills the binder refuses for a misspelt, mistyped or missing field fail the schema too.</summary>
    [Theory]
    [InlineData("steps:\n  - wait: 30m\n  - power-of: {vm: app-01}\n", "unknown step 'power-of'")]
    [InlineData("steps:\n  - power-off: {vm: app-01, force: true}\n", "unknown field 'force'")]
    [InlineData("steps:\n  - workload: {vm: app-01, rate: fast, for: 1h}\n", "rate")]
    [InlineData("steps:\n  - block-port: {port: 70000}\n", "70000")]
    [InlineData("steps:\n  - storage-vmotion: {vm: app-01}\n", "missing field 'datastore'")]
    [InlineData("steps:\n  - wait: 1m\nexpect:\n  - item: {vm: app-01, state: Flying}\n", "Flying")]
    [InlineData("steps:\n  - wait: 1m\nfaults:\n  - {target: vcenter, operation: PowerOnVM_Task, fault: NoPermission, probability: 2}\n", "probability")]
    public void ADrillTheBinderRefusesFailsTheSchemaToo(string body, string binderSays)
    {
        var yaml = "title: t\n" + body;
        Assert.NotEmpty(Validate(yaml));
        var file = Path.Combine(Path.GetTempPath(), $"schema-planted-{Environment.ProcessId}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, yaml);
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => BoundScenario.Load(file));
            Assert.Contains(binderSays, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static List<string> Validate(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var json = ToJson(stream.Documents[0].RootNode);
        using var document = JsonDocument.Parse(json?.ToJsonString() ?? "null");
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid ? [] : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(20)];
    }

    /// <summary>YAML to JSON as YAML 1.2's core schema reads plain scalars (null, booleans, numbers); quoted scalars stay text.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain } s => Plain(s.Value ?? ""),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => null,
    };

    private static JsonNode? Plain(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when Integer().IsMatch(text) && long.TryParse(text, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        _ when Float().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(text),
    };

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
