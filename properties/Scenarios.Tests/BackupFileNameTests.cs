using Failback.Scenarios.World;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>Two configuration server backups never share a file, however their names are spelled.</summary>
public class BackupFileNameTests
{
    [Theory]
    [InlineData("a b", "a-b")]
    [InlineData("a_b", "a-b")]
    [InlineData("nightly", "Nightly")]
    [InlineData("a_0020b", "a b")]
    [InlineData("é", "e")]
    [InlineData("week/1", "week-1")]
    [InlineData("..", "--")]
    public void NamesThatOnceMappedToOneFileNowMapToTwo(string a, string b) =>
        Assert.NotEqual(DrillWorld.BackupFileName(a), DrillWorld.BackupFileName(b));

    [Fact]
    public void SeededNamesFromAWideAlphabetNeverCollideAndStayPlainFileNames()
    {
        const string alphabet = "aA0-_ ./\\é日\t$%";
        var random = new Random(18);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 20_000; i++)
        {
            var name = new string([.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var file = DrillWorld.BackupFileName(name);
            Assert.True(file.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'), $"'{file}' has a character a file name should not");
            Assert.Equal(file, Path.GetFileName(file));
            if (files.TryGetValue(file, out var other)) Assert.Equal(other, name);
            files[file] = name;
        }
        Assert.True(files.Count >= 5_000, $"only {files.Count} distinct names were tried");
    }
}
