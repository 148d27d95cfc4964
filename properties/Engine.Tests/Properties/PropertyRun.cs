using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FsCheck;
using Microsoft.FSharp.Core;
using Xunit;
using Xunit.Abstractions;

namespace Failback.Engine.Tests.Properties;

/// <summary>
/// Runs a property with FsCheck from a fixed seed (so CI is reproducible), reports cases per second,
/// and, for a planted bug, asserts FsCheck finds it and that the printed replay seed finds it again.
/// </summary>
internal static partial class PropertyRun
{
    public static Config Config(int maxTest, ulong seed) =>
        FsCheck.Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));

    /// <summary>Checks <paramref name="property"/> holds for <paramref name="maxTest"/> cases; prints cases/s.</summary>
    /// <remarks>properties/explore.sh raises the budget and moves the seed with FAILBACK_PROPERTY_CASES and FAILBACK_PROPERTY_SEED.</remarks>
    public static void Holds(ITestOutputHelper output, string name, int maxTest, ulong seed, Property property)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("FAILBACK_PROPERTY_CASES"), CultureInfo.InvariantCulture, out var cases)) maxTest = cases;
        if (ulong.TryParse(Environment.GetEnvironmentVariable("FAILBACK_PROPERTY_SEED"), CultureInfo.InvariantCulture, out var moved)) seed = moved;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"property {name}: {maxTest} cases from seed {seed}"));
        var watch = Stopwatch.StartNew();
        Check.One(Config(maxTest, seed), property);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RATE property {name}: {maxTest} cases in {watch.Elapsed.TotalSeconds:F2} s = {maxTest / watch.Elapsed.TotalSeconds:F1} cases/s"));
    }

    /// <summary>Asserts FsCheck falsifies <paramref name="property"/> within the budget and that its printed replay falsifies it again.</summary>
    public static string FindsBug(ITestOutputHelper output, string name, int maxTest, ulong seed, Func<Property> property)
    {
        var watch = Stopwatch.StartNew();
        var first = Assert.ThrowsAny<Exception>(() => Check.One(Config(maxTest, seed), property()));
        var cases = CasesPattern().Match(first.Message) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RATE property {name}: falsified after {cases} cases in {watch.Elapsed.TotalSeconds:F2} s = {cases / watch.Elapsed.TotalSeconds:F1} cases/s"));
        output.WriteLine(first.Message);
        var replay = ReplayPattern().Match(first.Message);
        if (!replay.Success) replay = FirstCasePattern().Match(first.Message); // falsified by the first case: FsCheck prints the run's seed only
        Assert.True(replay.Success, "FsCheck's failure message prints no replay seed: " + first.Message);
        var again = Assert.ThrowsAny<Exception>(() => Check.One(
            FsCheck.Config.QuickThrowOnFailure.WithMaxTest(1).WithReplay(FSharpOption<Replay>.Some(new Replay(
                new Rnd(ulong.Parse(replay.Groups[1].Value, CultureInfo.InvariantCulture), ulong.Parse(replay.Groups[2].Value, CultureInfo.InvariantCulture)),
                replay.Groups[3].Success ? FSharpOption<int>.Some(int.Parse(replay.Groups[3].Value, CultureInfo.InvariantCulture)) : FSharpOption<int>.None))),
            property()));
        Assert.Contains("Falsifiable", again.Message, StringComparison.Ordinal);
        return first.Message;
    }

    [GeneratedRegex(@"Falsifiable, after (\d+) test")]
    private static partial Regex CasesPattern();

    [GeneratedRegex(@"Replay directly at failing step with \((\d+),(\d+)(?:,(\d+))?\)")]
    private static partial Regex ReplayPattern();

    [GeneratedRegex(@"Falsifiable, after 1 test \(\d+ shrinks?\) \((\d+),(\d+)\)")]
    private static partial Regex FirstCasePattern();
}
