namespace Failback.Simulators.Kernel;

/// <summary>A SplitMix64 generator: small, fast, and identical on every platform.</summary>
public sealed class ChoiceStream(string name, ulong seed)
{
    private ulong _state = seed;

    public string Name { get; } = name;
    public long Draws { get; private set; }

    public ulong NextUInt64()
    {
        Draws++;
        return Mix(_state += 0x9E3779B97F4A7C15UL);
    }

    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, maxExclusive), without modulo bias (Lemire's method).</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var bound = (ulong)maxExclusive;
        var product = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0 - bound) % bound;
            while (low < threshold) product = Math.BigMul(NextUInt64(), bound, out low);
        }
        return (int)product;
    }

    /// <summary>Uniform in [min, maxExclusive).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => probability >= 1 || (probability > 0 && NextDouble() < probability);

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Uniform duration in [min, max].</summary>
    public TimeSpan Between(TimeSpan min, TimeSpan max) =>
        max <= min ? min : min + TimeSpan.FromTicks((long)(NextDouble() * (max - min).Ticks));

    public void NextBytes(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i += 8)
        {
            var v = NextUInt64();
            for (var j = 0; j < 8 && i + j < buffer.Length; j++) buffer[i + j] = (byte)(v >> (8 * j));
        }
    }

    /// <summary>A random (version 4, RFC 4122 variant) UUID drawn from this stream.</summary>
    public Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>A seed for Bogus (<c>Faker.UseSeed</c>) drawn from this stream.</summary>
    public int BogusSeed() => (int)(NextUInt64() & int.MaxValue);
}
