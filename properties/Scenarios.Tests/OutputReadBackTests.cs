using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Schema;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// Every machine-readable output read back by parsers we did not write: System.Text.Json's JsonDocument for the
/// JSON outputs and trace, System.Xml's validating reader with the Ant JUnit schema (Schemas/JUnit.xsd) for the
/// JUnit files, checking structure and values. Planted variants show the schema check can fail.
/// </summary>
public sealed class OutputReadBackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("outputs-").FullName;
    private static string Ts4 => Path.Combine(RepoRoot.Drills, "ts4-free-esxi-licence.yaml");

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Validates a JUnit file against the schema; returns the document, or throws on the first problem.</summary>
    internal static XmlDocument ValidJUnit(byte[] bytes)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Schemas", "JUnit.xsd"));
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas, DtdProcessing = DtdProcessing.Prohibit };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => throw new XmlSchemaValidationException($"line {e.Exception.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
        var doc = new XmlDocument();
        doc.Load(reader);
        return doc;
    }

    private static void AssertUtf8Declared(byte[] bytes)
    {
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Encoding.ASCII.GetString(bytes, 0, 40));
        Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], "a byte order mark");
        // Strict UTF-8: throws on any byte sequence that is not.
        new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
    }

    [Fact]
    public void RunJsonTraceAndJUnitReadBack()
    {
        var (junit, trace) = (Path.Combine(_dir, "junit.xml"), Path.Combine(_dir, "trace.jsonl"));
        var (code, output, _) = Cli.Run("run", Ts4, "--json", "--junit", junit, "--trace", trace);
        Assert.Equal(0, code);

        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("passed").GetBoolean());
        var run = Assert.Single(json.RootElement.GetProperty("runs").EnumerateArray().ToList());
        Assert.Equal(Ts4, run.GetProperty("file").GetString());
        Assert.Equal(4UL, run.GetProperty("seed").GetUInt64());
        var steps = run.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], steps.Select(s => s.GetProperty("step").GetInt32()));
        Assert.Equal(["power-off", "set-license", "power-off"], steps.Select(s => s.GetProperty("kind").GetString()));
        Assert.Equal(["failed", "succeeded", "succeeded"], steps.Select(s => s.GetProperty("result").GetString()));
        Assert.Equal("RestrictedVersion", steps[0].GetProperty("error").GetString());
        Assert.All(steps, s => Assert.True(s.GetProperty("asExpected").GetBoolean()));
        Assert.Equal(3, run.GetProperty("expectations").GetArrayLength());
        Assert.All(run.GetProperty("expectations").EnumerateArray(), e => Assert.True(e.GetProperty("held").GetBoolean()));
        Assert.Equal(["TS-4"], run.GetProperty("covers").EnumerateArray().Select(c => c.GetString()));

        // The trace: one JSON object per line, as many as the report counts, each step started and ended in order.
        var lines = File.ReadAllLines(trace);
        Assert.Equal(run.GetProperty("traceEvents").GetInt64(), lines.Length);
        var events = lines.Select(l => JsonDocument.Parse(l)).ToList();
        Assert.All(events, e => Assert.Equal(JsonValueKind.Object, e.RootElement.ValueKind));
        Assert.All(events, e => Assert.Equal(["t", "src", "kind"], e.RootElement.EnumerateObject().Take(3).Select(p => p.Name)));
        // The event's kind is the first "kind": the drill's step events name the step's kind in a second "kind" field
        // (a duplicate name that a parser keeping the last value reads as the step's kind; kept for byte-identical traces).
        string Kind(JsonElement e) => e.EnumerateObject().First(p => p.Name == "kind").Value.GetString()!;
        var drillEvents = events.Select(e => e.RootElement).Where(e => e.GetProperty("src").GetString() == "drill").ToList();
        Assert.Equal(["step.started", "step.ended", "step.started", "step.ended", "step.started", "step.ended"], drillEvents.Select(Kind));
        Assert.Equal([1, 1, 2, 2, 3, 3], drillEvents.Select(e => e.GetProperty("step").GetInt32()));
        Assert.Equal("RestrictedVersion", drillEvents[1].GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, drillEvents[3].GetProperty("error").ValueKind);
        foreach (var e in events) e.Dispose();

        // JUnit: UTF-8 that says so, valid against the schema, one case per step and per expectation.
        var bytes = File.ReadAllBytes(junit);
        AssertUtf8Declared(bytes);
        var doc = ValidJUnit(bytes);
        var suite = (XmlElement)doc.SelectSingleNode("/testsuites/testsuite")!;
        Assert.Equal("6", suite.GetAttribute("tests"));
        Assert.Equal("0", suite.GetAttribute("failures"));
        Assert.Equal("4", ((XmlElement)suite.SelectSingleNode("properties/property[@name='seed']")!).GetAttribute("value"));
        Assert.Equal(6, suite.SelectNodes("testcase")!.Count);
        Assert.Equal(0, suite.SelectNodes("testcase/failure")!.Count);
    }

    [Fact]
    public void AFailingRunWithUnicodeAndControlCharactersGivesAValidJUnitFile()
    {
        var file = Path.Combine(_dir, "wrong.yaml");
        File.WriteAllText(file, "title: \"Ünïcödé ✓ 🚀 \\0 \\e[31m <&>\"\nsteps:\n  - power-off: {vm: app-01}\nexpect:\n  - vm: {name: app-01, power: on}\n");
        var junit = Path.Combine(_dir, "junit.xml");
        var (code, _, _) = Cli.Run("run", file, "--junit", junit);
        Assert.Equal(1, code);
        var bytes = File.ReadAllBytes(junit);
        AssertUtf8Declared(bytes);
        var suite = (XmlElement)ValidJUnit(bytes).SelectSingleNode("/testsuites/testsuite")!;
        Assert.Equal($"{file}: Ünïcödé ✓ 🚀 \\x00 \\x1b[31m <&>", suite.GetAttribute("name"));
        Assert.Equal("1", suite.GetAttribute("failures"));
        var failure = (XmlElement)suite.SelectSingleNode("testcase/failure")!;
        Assert.Equal("expectation", failure.GetAttribute("type"));
        Assert.Equal("expected app-01 power=on; actual app-01 power=off", failure.GetAttribute("message"));
        Assert.Equal($"replay: ./drill replay {file} --seed 1", failure.InnerText);
    }

    [Fact]
    public void ListJsonReadsBack()
    {
        var (code, output, _) = Cli.Run("list", "--json", "--dir", RepoRoot.Drills);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var drills = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(Directory.GetFiles(RepoRoot.Drills, "*.yaml").Order(StringComparer.Ordinal), drills.Select(d => d.GetProperty("file").GetString()));
        Assert.All(drills, d => Assert.False(string.IsNullOrWhiteSpace(d.GetProperty("title").GetString())));
        var ts4 = drills.Single(d => d.GetProperty("file").GetString() == Ts4);
        Assert.Equal(["TS-4"], ts4.GetProperty("covers").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void ExploreJsonAndJUnitReadBack()
    {
        var junit = Path.Combine(_dir, "explore.xml");
        var (code, output, _) = Cli.Run("explore", Ts4, "--seeds", "3..6", "--faults", "random", "--json", "--junit", junit, "--jobs", "1");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(Ts4, root.GetProperty("file").GetString());
        Assert.Equal("3..6", root.GetProperty("range").GetString());
        Assert.Equal("random", root.GetProperty("faults").GetString());
        Assert.False(root.TryGetProperty("shard", out _));
        Assert.Equal(4, root.GetProperty("seeds").GetInt32());
        Assert.Equal(0, root.GetProperty("failures").GetArrayLength());
        var bytes = File.ReadAllBytes(junit);
        AssertUtf8Declared(bytes);
        var suite = (XmlElement)ValidJUnit(bytes).SelectSingleNode("/testsuites/testsuite")!;
        Assert.Equal("4", suite.GetAttribute("tests"));
        Assert.Equal(["seed 3", "seed 4", "seed 5", "seed 6"], suite.SelectNodes("testcase")!.Cast<XmlElement>().Select(c => c.GetAttribute("name")));
    }

    [Fact]
    public void DiskInfoAndDiffJsonReadBack()
    {
        var (sparse, raw) = (Path.Combine(_dir, "a.vmdk"), Path.Combine(_dir, "b.img"));
        Assert.Equal(0, Cli.Run("disk", "create", "--format", "vmdk-sparse", "--size", "1MiB", sparse).Code);
        Assert.Equal(0, Cli.Run("disk", "create", "--format", "raw", "--size", "1MiB", raw).Code);

        var info = Cli.Run("disk", "info", sparse, "--json");
        Assert.Equal(0, info.Code);
        using (var json = JsonDocument.Parse(info.Out))
        {
            Assert.Equal("vmdk-sparse", json.RootElement.GetProperty("format").GetString());
            Assert.Equal(1L << 20, json.RootElement.GetProperty("capacity").GetInt64());
            var link = Assert.Single(json.RootElement.GetProperty("chain").EnumerateArray().ToList());
            Assert.Equal(sparse, link.GetProperty("path").GetString());
            Assert.True(link.GetProperty("files").GetArrayLength() >= 1);
        }

        var same = Cli.Run("disk", "diff", sparse, raw, "--json");
        Assert.Equal(0, same.Code);
        using (var json = JsonDocument.Parse(same.Out))
        {
            Assert.True(json.RootElement.GetProperty("identical").GetBoolean());
            Assert.Equal(16, json.RootElement.GetProperty("blocks").GetInt32());
            Assert.Equal(0, json.RootElement.GetProperty("changedBlocks").GetArrayLength());
        }

        // One byte in the second 64 KiB block and one in the last make those two blocks differ.
        using (var f = new FileStream(raw, FileMode.Open, FileAccess.Write))
        {
            f.Position = 70_000;
            f.WriteByte(1);
            f.Position = (1 << 20) - 1;
            f.WriteByte(2);
        }
        var different = Cli.Run("disk", "diff", sparse, raw, "--json");
        Assert.Equal(1, different.Code);
        using (var json = JsonDocument.Parse(different.Out))
        {
            Assert.False(json.RootElement.GetProperty("identical").GetBoolean());
            Assert.Equal(2, json.RootElement.GetProperty("changedCount").GetInt32());
            Assert.Equal([1L, 15L], json.RootElement.GetProperty("changedBlocks").EnumerateArray().Select(b => b.GetInt64()));
        }
    }

    [Fact]
    public void PlantedTheOldJUnitDeclaringUtf16InSingleByteTextIsRejected()
    {
        // What the drill wrote before: a StringBuilder's utf-16 declaration, saved as UTF-8.
        var old = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<testsuites />\n");
        Assert.ThrowsAny<XmlException>(() => ValidJUnit(old));
    }

    public static TheoryData<string, string> PlantedSchemaViolations => new()
    {
        { "no hostname", Suite("hostname=\"localhost\" ", "") },
        { "no time on a case", Suite("<testcase name=\"a\" classname=\"c\" time=\"0\" />", "<testcase name=\"a\" classname=\"c\" />") },
        { "failure without type", Suite("<testcase name=\"a\" classname=\"c\" time=\"0\" />", "<testcase name=\"a\" classname=\"c\" time=\"0\"><failure message=\"m\">x</failure></testcase>") },
        { "system-out before the cases", Suite("<testcase name=\"a\" classname=\"c\" time=\"0\" />\n<system-out></system-out>", "<system-out></system-out>\n<testcase name=\"a\" classname=\"c\" time=\"0\" />") },
        { "tests not a number", Suite("tests=\"1\"", "tests=\"one\"") },
        { "timestamp with a zone", Suite("2026-01-01T00:00:00", "2026-01-01T00:00:00Z") },
        { "no properties", Suite("<properties />", "") },
    };

    private const string ValidSuite = """
        <?xml version="1.0" encoding="utf-8"?>
        <testsuites><testsuite name="s" package="p" id="0" timestamp="2026-01-01T00:00:00" hostname="localhost" tests="1" failures="0" errors="0" time="0">
        <properties />
        <testcase name="a" classname="c" time="0" />
        <system-out></system-out>
        <system-err></system-err>
        </testsuite></testsuites>
        """;

    private static string Suite(string from, string to)
    {
        Assert.Contains(from, ValidSuite);
        return ValidSuite.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public void TheValidSuiteThePlantsStartFromIsValid() => ValidJUnit(Encoding.UTF8.GetBytes(ValidSuite));

    [Theory]
    [MemberData(nameof(PlantedSchemaViolations))]
    public void PlantedSchemaViolationsAreCaught(string what, string xml)
    {
        var e = Assert.Throws<XmlSchemaValidationException>(() => ValidJUnit(Encoding.UTF8.GetBytes(xml)));
        Assert.False(string.IsNullOrEmpty(e.Message), what);
    }
}
