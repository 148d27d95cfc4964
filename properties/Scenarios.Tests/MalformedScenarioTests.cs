using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>Bad input: a message with file:line:column, exit code 2, and no file or folder left behind.</summary>
public sealed class MalformedScenarioTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("malformed-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private const string Head = "title: t\nseed: 1\n";

    public static TheoryData<string, string, int, int, string> Cases => new()
    {
        { "syntax", Head + "steps:\n  - wait: [1m\n", 5, 1, "YAML syntax error" },
        { "unknown-step", Head + "steps:\n  - fly: {vm: app-01}\n", 4, 5, "unknown step 'fly'" },
        { "unknown-vm", Head + "steps:\n  - write: {vm: nope}\n", 4, 17, "unknown VM 'nope'" },
        { "unknown-server", Head + "steps:\n  - set-role: {server: vc-9, user: u, role: admin}\n", 4, 24, "unknown server 'vc-9'" },
        { "wrong-type", Head + "steps:\n  - wait: lots\n", 4, 11, "must be a duration" },
        { "missing-field", Head + "steps:\n  - write: {size: 4KiB}\n", 4, 12, "missing field 'vm'" },
        { "unknown-rule", Head + "steps:\n  - wait: 1m\ncovers: [PRE-7, XYZ-9]\n", 5, 17, "unknown rule ID 'XYZ-9'" },
        { "unknown-link", Head + "steps:\n  - break-link: {link: carrier-pigeon}\n", 4, 24, "unknown link 'carrier-pigeon'" },
        { "unknown-point", Head + "steps:\n  - failover: {vm: app-01, point: yesterday}\n", 4, 35, "point must be latest" },
        { "master-target-not-protectable", Head + "steps:\n  - reprotect: {vm: mt-01}\n", 4, 21, "unknown machine 'mt-01'" },
        { "outside-folder", Head + "steps:\n  - write: {vm: app-01, data: ../../etc/passwd}\n", 4, 31, "outside the scenario's folder" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadScenarioIsRefusedWithItsPositionAndExitCode2(string name, string yaml, int line, int column, string message)
    {
        var file = Path.Combine(_dir, name + ".yaml");
        File.WriteAllText(file, yaml);
        var before = DeterminismTests.TempRuns();
        var error = Cli.Refused("run", file);
        Assert.Contains($"{file}:{line}:{column}: ", error);
        Assert.Contains(message, error);
        Assert.Equal(before, DeterminismTests.TempRuns());
        Assert.Equal([file], Directory.GetFileSystemEntries(_dir));
    }
}
