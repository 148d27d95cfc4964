using Failback.Simulators.Kernel;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Failback.Kernel.Tests.Choices;

public sealed class ChoiceStreamTests
{
    /// <summary>The reference SplitMix64 outputs for state 0 (Steele, Lea and Flood; the xoshiro seeding vectors).</summary>
    [Fact]
    public void NextUInt64_IsSplitMix64()
    {
        var stream = new ChoiceStream("reference", 0);
        Assert.Equal(0xE220A8397B1DCDAFUL, stream.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, stream.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, stream.NextUInt64());
        Assert.Equal(0xF88BB8A8724C81ECUL, stream.NextUInt64());
        Assert.Equal(4, stream.Draws);
    }

    /// <summary>
    /// Bytes are the draws as little-endian words, whatever the length (the vectorised fill makes eight draws at once and
    /// the rest one by one): every length across the 64-byte boundaries, from any part of a payload, and the
    /// part after a reserve equals the matching slice of the whole.
    /// </summary>
    [Fact]
    public void NextBytes_AreTheDrawsLittleEndian_AtEveryLengthAndStart()
    {
        for (var length = 0; length <= 300; length++)
        {
            var bytes = new byte[length];
            var drawn = new ChoiceStream("bytes", (ulong)length * 977);
            drawn.NextBytes(bytes);
            var words = new ChoiceStream("bytes", (ulong)length * 977);
            var expected = new byte[(length + 7) / 8 * 8];
            for (var at = 0; at < expected.Length; at += 8) System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(expected.AsSpan(at), words.NextUInt64());
            Assert.Equal(expected.AsSpan(0, length).ToArray(), bytes);
            Assert.Equal(words.Draws, drawn.Draws);
            foreach (var start in new[] { 0, 1, 7, 8, 63, 64, 65, 130 }.Where(s => s <= length))
            {
                var part = new byte[length - start];
                ChoiceStream.FillBytes((ulong)length * 977, start, part);
                Assert.Equal(bytes.AsSpan(start).ToArray(), part);
            }
        }
    }

    [Fact]
    public void Next_OfOne_IsAlwaysZero_AndNonPositiveBoundsAreRefused()
    {
        var stream = new ChoiceStream("s", 1);
        for (var i = 0; i < 100; i++) Assert.Equal(0, stream.Next(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.Next(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.Next(-3));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => stream.Next(5, 5));
        Assert.Contains("greater than the minimum 5", e.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 300)]
    public Property Next_StaysInRange_ForAnyBounds() =>
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<ulong>(), (a, b, seed) =>
        {
            if (a == b) return true;
            var (min, max) = a < b ? (a, b) : (b, a);
            var stream = new ChoiceStream("s", seed);
            for (var i = 0; i < 20; i++)
            {
                var v = stream.Next(min, max);
                if (v < min || v >= max) return false;
                if (max > 0 && stream.Next(max) is var w && (w < 0 || w >= max)) return false;
            }
            return true;
        });

    [Fact]
    public void Next_OverTheFullIntRange_CoversBothSigns()
    {
        var stream = new ChoiceStream("s", 2);
        var draws = Enumerable.Range(0, 4000).Select(_ => stream.Next(int.MinValue, int.MaxValue)).ToList();
        Assert.InRange(draws.Count(d => d < 0), 1800, 2200);
        Assert.InRange(draws.Count(d => d < int.MinValue / 2), 800, 1200);
    }

    /// <summary>
    /// A bound just over 2^30: plain modulo of a 31-bit draw would put the low third of the range at twice
    /// the odds (the classic bias); the high bit and thirds of the range must stay balanced.
    /// </summary>
    [Fact]
    public void Next_AtEdgeBounds_IsUnbiased()
    {
        var stream = new ChoiceStream("s", 3);
        const int bound = (1 << 30) + (1 << 29); // 1.5 * 2^30: modulo of 31 bits would favour [0, 2^29) 2:1
        var draws = Enumerable.Range(0, 30_000).Select(_ => stream.Next(bound)).ToList();
        var thirds = new int[3];
        foreach (var d in draws) thirds[d / (1 << 29)]++;
        Assert.All(thirds, t => Assert.InRange(t, 9_400, 10_600));

        var top = Enumerable.Range(0, 20_000).Count(_ => stream.Next(int.MaxValue) >= 1 << 30);
        Assert.InRange(top, 9_500, 10_500);
    }

    /// <summary>Chi-square over small bounds: with 20 000 draws and 9 degrees of freedom, 27.9 is the 0.1% critical value.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(10)]
    public void Next_OverSmallBounds_IsUniform(int bound)
    {
        var stream = new ChoiceStream("uniform", (ulong)bound);
        const int n = 20_000;
        var counts = new int[bound];
        for (var i = 0; i < n; i++) counts[stream.Next(bound)]++;
        var expected = (double)n / bound;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 27.9, $"chi-square {chiSquare:0.0} over {bound} buckets: {string.Join(", ", counts)}");
    }

    [Fact]
    public void Doubles_Durations_Chance_Bytes_AndGuids_AreWellFormed()
    {
        var stream = new ChoiceStream("s", 4);
        for (var i = 0; i < 1000; i++)
        {
            Assert.InRange(stream.NextDouble(), 0.0, 0.9999999999999999);
            Assert.InRange(stream.Between(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
            Assert.InRange(stream.BogusSeed(), 0, int.MaxValue);
        }
        Assert.Equal(TimeSpan.FromSeconds(3), stream.Between(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)));

        var before = stream.Draws;
        Assert.False(stream.Chance(0));
        Assert.True(stream.Chance(1));
        Assert.Equal(before, stream.Draws); // certain outcomes draw nothing
        Assert.InRange(Enumerable.Range(0, 10_000).Count(_ => stream.Chance(0.25)), 2_300, 2_700);

        var bytes = new byte[13];
        stream.NextBytes(bytes);
        Assert.Contains(bytes, b => b != 0);

        var guid = stream.NextGuid();
        Assert.Equal(4, guid.Version);
        Assert.Equal(0b10, guid.Variant >> 2);
        Assert.NotEqual(guid, stream.NextGuid());
        Assert.Equal(new ChoiceStream("x", 99).NextGuid(), new ChoiceStream("y", 99).NextGuid());
    }

    [Fact]
    public void Pick_ChoosesFromTheList()
    {
        var stream = new ChoiceStream("s", 5);
        string[] hosts = ["esx-1", "esx-2", "esx-3"];
        var picked = Enumerable.Range(0, 300).Select(_ => stream.Pick(hosts)).ToHashSet();
        Assert.Equal(hosts.ToHashSet(), picked);
    }
}
