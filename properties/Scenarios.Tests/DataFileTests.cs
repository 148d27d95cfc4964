using Failback.Scenarios.Language;
using Failback.Scenarios.Running;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// <c>data:</c> names a regular file inside the scenario's folder after every symbolic link is followed, at most
/// 16MiB; links leading outside, FIFOs, devices, loops, folders and empty files are refused at binding, at once.
/// </summary>
public sealed class DataFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("datafile-").FullName;
    private readonly string _folder;

    public DataFileTests()
    {
        _folder = Directory.CreateDirectory(Path.Combine(_root, "scenario")).FullName;
        Directory.CreateDirectory(Path.Combine(_folder, "sub"));
        Directory.CreateDirectory(Path.Combine(_root, "elsewhere"));
        File.WriteAllText(Path.Combine(_root, "elsewhere", "secret.txt"), "secret");
        File.WriteAllText(Path.Combine(_folder, "sub", "ok.bin"), "data to write");
    }

    public void Dispose() => Directory.Delete(_root, true);

    private BoundScenario Bind(string data)
    {
        var file = Path.Combine(_folder, "s.yaml");
        File.WriteAllText(file, $"title: t\nsteps:\n  - write: {{vm: app-01, data: '{data}'}}\n");
        return BoundScenario.Load(file);
    }

    private string Refused(string data) => Assert.Throws<ScenarioError>(() => Bind(data)).Message;

    private void Link(string name, string target) => File.CreateSymbolicLink(Path.Combine(_folder, name), target);

    [Fact]
    public void ARegularFileInsideIsRead() => Assert.Single(Bind("sub/ok.bin").Steps);

    [Fact]
    public void LinksThatStayInsideAreFollowed()
    {
        Link("relative-link", "sub/ok.bin");
        Link("dir-link", Path.Combine(_folder, "sub"));
        Link("chain", "relative-link");
        Assert.Single(Bind("relative-link").Steps);
        Assert.Single(Bind("dir-link/ok.bin").Steps);
        Assert.Single(Bind("chain").Steps);
    }

    [Fact]
    public void ALinkToAFileOutsideIsRefused()
    {
        Link("out", Path.Combine(_root, "elsewhere", "secret.txt"));
        Link("out-relative", "../elsewhere/secret.txt");
        Assert.Contains("outside the scenario's folder", Refused("out"));
        Assert.Contains("outside the scenario's folder", Refused("out-relative"));
    }

    [Fact]
    public void AFolderLinkLeadingOutsideIsRefusedForTheFilesThrough()
    {
        Link("away", Path.Combine(_root, "elsewhere"));
        Assert.Contains("outside the scenario's folder", Refused("away/secret.txt"));
        Assert.Contains("outside the scenario's folder", Refused("sub/../away/secret.txt"));
    }

    [Fact]
    public void DevicesAreRefused()
    {
        Link("zero", "/dev/zero");
        Link("urandom", "/dev/urandom");
        Assert.Contains("outside the scenario's folder", Refused("zero"));
        Assert.Contains("outside the scenario's folder", Refused("urandom"));
    }

    [Fact]
    public async Task AFifoInsideIsRefusedWithoutWaitingForAWriter()
    {
        Assert.Equal(0, Fifo.Make(Path.Combine(_folder, "pipe")));
        Link("to-pipe", "pipe");
        foreach (var name in new[] { "pipe", "to-pipe" })
        {
            // A hang shows as a TimeoutException.
            var message = await Task.Factory.StartNew(() => Refused(name), TaskCreationOptions.LongRunning).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Contains("not a regular file", message);
        }
    }

    [Fact]
    public void LoopsFoldersEmptyAndMissingFilesAreRefused()
    {
        Link("loop-a", "loop-b");
        Link("loop-b", "loop-a");
        File.WriteAllBytes(Path.Combine(_folder, "empty"), []);
        Assert.Contains("symbolic links", Refused("loop-a"));
        Assert.Contains("is a folder", Refused("sub"));
        Assert.Contains("is empty or not a regular file", Refused("empty"));
        Assert.Contains("no file 'nope'", Refused("nope"));
    }

    [Fact]
    public void AFilePastTheLimitIsRefusedWithoutReadingIt()
    {
        using (var big = File.Create(Path.Combine(_folder, "big"))) big.SetLength(DataFile.MaxBytes + 1);
        using (var limit = File.Create(Path.Combine(_folder, "limit"))) limit.SetLength(DataFile.MaxBytes);
        Assert.Contains("at most 16MiB", Refused("big"));
        Assert.Single(Bind("limit").Steps);
    }

    [Fact]
    public void RealPathFollowsEveryLinkAlongThePath()
    {
        Link("dir-link", "sub");
        Assert.Equal(Path.Combine(DataFile.RealPath(_folder)!, "sub", "ok.bin"), DataFile.RealPath(Path.Combine(_folder, "dir-link", "ok.bin")));
        Assert.Equal("/dev/null", DataFile.RealPath("/dev/null"));
    }
}
