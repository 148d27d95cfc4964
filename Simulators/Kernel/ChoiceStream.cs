using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ Vector512.ShiftRightLogical(z, 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ Vector512.ShiftRightLogical(z, 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ Vector512.ShiftRightLogical(z, 31);
    }

    /// <summary>Uniform in [0, maxExclusive), without modulo bias.</summary>
    public int Next(int maxExclusive)
    {
        if (maxExclusive <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "The exclusive upper bound must be positive.");
        return (int)NextBelow((ulong)maxExclusive);
    }

    /// <summary>Uniform in [min, maxExclusive); any two ints with min &lt; maxExclusive, even the full int range.</summary>
    public int Next(int min, int maxExclusive)
    {
        if (maxExclusive <= min)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, $"The exclusive upper bound must be greater than the minimum {min}.");
        return (int)(min + (long)NextBelow((ulong)((long)maxExclusive - min)));
    }

    /// <summary>Lemire's multiply-shift with rejection: the high word of draw * bound, redrawn in the biased zone.</summary>
    private ulong NextBelow(ulong bound)
    {
        var high = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0 - bound) % bound;
            while (low < threshold) high = Math.BigMul(NextUInt64(), bound, out low);
        }
        return high;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => probability >= 1 || (probability > 0 && NextDouble() < probability);

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Uniform duration in [min, max].</summary>
    public TimeSpan Between(TimeSpan min, TimeSpan max) =>
        max <= min ? min : min + TimeSpan.FromTicks((long)(NextDouble() * (max - min).Ticks));

    /// <summary>Fills <paramref name="buffer"/> with the next draws, each 64-bit draw as 8 little-endian bytes.</summary>
    public void NextBytes(Span<byte> buffer) => FillBytes(ReserveBytes(buffer.Length), buffer);

    /// <summary>
    /// Takes the draws <see cref="NextBytes"/> would take for <paramref name="length"/> bytes without making them,
    /// and returns the state they start from: <see cref="FillBytes(ulong, Span{byte})"/> of it makes the same bytes whenever they are
    /// needed, so a payload can be kept as (state, length) instead of its bytes.
    /// </summary>
    public ulong ReserveBytes(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var state = _state;
        var draws = (length + 7) / 8;
        _state += (ulong)draws * 0x9E3779B97F4A7C15UL;
        Draws += draws;
        return state;
    }

    /// <summary>The bytes <see cref="NextBytes"/> made from the state <see cref="ReserveBytes"/> returned.</summary>
    public static void FillBytes(ulong state, Span<byte> buffer)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated && BitConverter.IsLittleEndian && buffer.Length >= 64)
        {
            // Eight draws at once, lane k making draw k + 1: the same bytes, several times faster (guest data is made
            // for every disk a write reaches, so this loop is a large part of a churning drill's time).
            var gamma = Vector512.Create(0x9E3779B97F4A7C15UL);
            var z = Vector512.Create(state) + gamma * Vector512.Create(1UL, 2, 3, 4, 5, 6, 7, 8);
            var step = gamma * Vector512.Create(8UL);
            ref var start = ref MemoryMarshal.GetReference(buffer);
            for (; i + 64 <= buffer.Length; i += 64)
            {
                Mix(z).AsByte().StoreUnsafe(ref start, (nuint)i);
                z += step;
            }
            state += (ulong)(i / 8) * 0x9E3779B97F4A7C15UL;
        }
        for (; i + 8 <= buffer.Length; i += 8) BinaryPrimitives.WriteUInt64LittleEndian(buffer[i..], Mix(state += 0x9E3779B97F4A7C15UL));
        if (i < buffer.Length)
        {
            var v = Mix(state + 0x9E3779B97F4A7C15UL);
            for (var j = 0; i + j < buffer.Length; j++) buffer[i + j] = (byte)(v >> (8 * j));
        }
    }

    /// <summary>
    /// Bytes <c>[start, start + buffer.Length)</c> of those <see cref="FillBytes(ulong, Span{byte})"/> makes from
    /// <paramref name="state"/>, without making the ones before: a part of a described payload costs its own length.
    /// </summary>
    public static void FillBytes(ulong state, long start, Span<byte> buffer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        state += (ulong)(start / 8) * 0x9E3779B97F4A7C15UL;
        var skip = (int)(start % 8);
        if (skip != 0 && buffer.Length > 0)
        {
            Span<byte> draw = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(draw, Mix(state += 0x9E3779B97F4A7C15UL));
            var head = Math.Min(8 - skip, buffer.Length);
            draw.Slice(skip, head).CopyTo(buffer);
            buffer = buffer[head..];
        }
        FillBytes(state, buffer);
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
