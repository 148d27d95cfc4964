using Failback.Scenarios.World;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// A full file system under the run folder stops a run with its own message and exit code (3), not as a bug to
/// report: the error the operating system really gives (ENOSPC, from writing /dev/full) is recognised, also
/// wrapped, and other I/O errors are not.
/// </summary>
public sealed class NoSpaceTests
{
    private static Exception Thrown(Action action) => Assert.ThrowsAny<Exception>(action);

    [Fact]
    public void TheOperatingSystemsNoSpaceErrorIsRecognisedAndOtherIoErrorsAreNot()
    {
        var full = Thrown(() =>
        {
            using var stream = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
            stream.Write(new byte[8192]);
            stream.Flush();
        });
        Assert.True(RunFolder.IsNoSpace(full), $"{full.GetType().Name} {full.HResult}: {full.Message}");
        Assert.True(RunFolder.IsNoSpace(new InvalidOperationException("a step failed", full)));
        Assert.True(RunFolder.IsNoSpace(new AggregateException(new TimeoutException(), full)));

        var missing = Thrown(() => File.ReadAllBytes(Path.Combine(Path.GetTempPath(), Path.GetRandomFileName(), "none")));
        Assert.False(RunFolder.IsNoSpace(missing));
        Assert.False(RunFolder.IsNoSpace(new IOException("disk on fire")));
    }
}
