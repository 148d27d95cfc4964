using Failback.Engine.Ports;
using Failback.Simulators.Kernel;

namespace Failback.Scenarios.World;

/// <summary>
/// What a guest write carries. Literal bytes (a <c>data:</c> file, a <c>write</c> step) stay literal; a synthetic
/// workload's block is a pure function of the guest stream's state, so it is kept as that state and its length
/// (16 bytes whatever its size) and made only where bytes must be real: the disks the guest and the replication
/// write, and the truth's content where it is compared with a disk. Made from the same state, the bytes equal
/// those <see cref="ChoiceStream.NextBytes"/> draws.
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

    /// <summary>The literal bytes, or null when the payload is a description.</summary>
    public byte[]? LiteralBytes => _literal;

    /// <summary>The bytes, written into <paramref name="buffer"/> unless they are literal; the span returned holds them.</summary>
    public ReadOnlySpan<byte> Bytes(Span<byte> buffer)
    {
        if (_literal is not null) return _literal;
        var bytes = buffer[..Length];
        ChoiceStream.FillBytes(_state, bytes);
        return bytes;
    }

    /// <summary>Bytes <c>[start, start + destination.Length)</c> of the payload, made into <paramref name="destination"/>.</summary>
    public void Fill(int start, Span<byte> destination)
    {
        if (_literal is not null) _literal.AsSpan(start, destination.Length).CopyTo(destination);
        else ChoiceStream.FillBytes(_state, start, destination);
    }

    /// <summary>The bytes in an array no one else writes (the literal array itself when literal).</summary>
    public byte[] ToArray()
    {
        if (_literal is not null) return _literal;
        var bytes = new byte[Length];
        ChoiceStream.FillBytes(_state, bytes);
        return bytes;
    }

    /// <summary>The payload as the engine's data path carries it: the literal array, or the description.</summary>
    public WriteData ToWriteData() => _literal is not null ? WriteData.Literal(_literal) : new DrawnWriteData(this);
}
