using Failback.Simulators.Kernel;

namespace Failback.Scenarios.World;

/// <summary>
/// What a guest write carries. Literal bytes (a <c>data:</c> file, a <c>write</c> step) stay literal; a synthetic
/// workload's block is a pure function of the guest stream's state, so it is kept as that state and its length
/// (16 bytes whatever its size) and made only where bytes must be real: the disk the guest writes and the truth's
/// rebuilt content. Made from the same state, the bytes equal those <see cref="ChoiceStream.NextBytes"/> draws.
/// </summary>
public readonly struct GuestPayload
{
    private readonly byte[]? _literal;
    private readonly ulong _state;

    private GuestPayload(byte[]? literal, ulong state, int length)
    {
        _literal = literal;
        _state = state;
        Length = length;
    }

    public int Length { get; }

    /// <summary>Bytes that must not change afterwards: they are kept by reference.</summary>
    public static GuestPayload Literal(byte[] data) => new(data ?? throw new ArgumentNullException(nameof(data)), 0, data.Length);

    /// <summary>The next <paramref name="length"/> bytes of <paramref name="stream"/>, drawn as they are needed.</summary>
    public static GuestPayload Drawn(ChoiceStream stream, int length) => new(null, stream.ReserveBytes(length), length);

    /// <summary>The bytes, written into <paramref name="buffer"/> unless they are literal; the span returned holds them.</summary>
    public ReadOnlySpan<byte> Bytes(Span<byte> buffer)
    {
        if (_literal is not null) return _literal;
        var bytes = buffer[..Length];
        ChoiceStream.FillBytes(_state, bytes);
        return bytes;
    }

    /// <summary>The bytes in an array no one else writes (the literal array itself when literal).</summary>
    public byte[] ToArray()
    {
        if (_literal is not null) return _literal;
        var bytes = new byte[Length];
        ChoiceStream.FillBytes(_state, bytes);
        return bytes;
    }
}
