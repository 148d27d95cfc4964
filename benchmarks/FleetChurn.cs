using System.Globalization;
using System.Text.RegularExpressions;
using Failback.Engine.Ports;
using Failback.Simulators.Kernel;

namespace Failback.Benchmarks;

/// <summary>
/// A VM's churn as DR engineers state it: a rate per VM (<c>--churn 1MiB/s</c>) written as a mix of database
/// pages, extents and log/backup streams (8 KiB, 64 KiB and 1 MiB blocks, picked evenly), 70% of the writes in a
/// hot spot of 10% of the disk, 30% appended sequentially through the rest. The rate is kept per virtual second:
/// each second's budget is spent in whole blocks, the remainder carried to the next second. Blocks travel as their
/// description (<see cref="FleetBlock"/>): the journal keeps an overwrite's undo as the description that wrote it.
/// </summary>
public sealed partial class FleetChurn(double bytesPerSecond, string text)
{
    private static readonly int[] Blocks = [8 << 10, 64 << 10, 1 << 20];
    private const double HotShare = 0.10;
    private const double HotWrites = 0.70;

    public double BytesPerSecond { get; } = bytesPerSecond;

    /// <summary>Writes a second on average (the blocks are picked evenly).</summary>
    public double WritesPerSecond => BytesPerSecond / Blocks.Average();

    public static FleetChurn? Parse(string? text)
    {
        if (text is null) return null;
        var m = Rate().Match(text);
        if (!m.Success || double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) <= 0)
            throw new ArgumentException($"--churn takes a rate per VM such as 1MiB/s, 512KiB/s or 3MB/s, not '{text}'.");
        var unit = m.Groups[2].Value switch
        {
            "B" => 1.0, "KB" => 1e3, "MB" => 1e6, "GB" => 1e9, "KiB" => 1 << 10, "MiB" => 1 << 20, _ => 1 << 30,
        };
        return new FleetChurn(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * unit, text);
    }

    /// <summary>Writes to <paramref name="guest"/> (the agent's filter) until <paramref name="stop"/>; <paramref name="wrote"/> counts each write's bytes.</summary>
    internal async Task RunAsync(IWriteDataTarget guest, long capacity, TimeProvider clock, ChoiceStream random, CancellationToken stop, Action<int> wrote)
    {
        var hotEnd = (long)(capacity * HotShare) / Blocks[^1] * Blocks[^1];
        var sequential = hotEnd;
        double budget = 0;
        await clock.Delay(TimeSpan.FromMilliseconds(random.Next(1000)), CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            budget += BytesPerSecond;
            while (true)
            {
                var length = Blocks[random.Next(Blocks.Length)];
                if (budget < length) break;
                budget -= length;
                long offset;
                if (random.NextDouble() < HotWrites)
                {
                    offset = (long)random.Next((int)(hotEnd / length)) * length;
                }
                else
                {
                    if (sequential + length > capacity) sequential = hotEnd;
                    offset = sequential;
                    sequential += length;
                }
                guest.Write(offset, new FleetBlock(random.ReserveBytes(length), length));
                wrote(length);
            }
            await clock.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        }
    }

    public override string ToString() => text;

    [GeneratedRegex(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)/s\s*$")]
    private static partial Regex Rate();
}
