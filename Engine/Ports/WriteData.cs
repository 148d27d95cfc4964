namespace Failback.Engine.Ports;

/// <summary>
/// What a guest write carries through the data path (agent buffer, process server cache, wire, apply): its bytes,
/// or a description that makes them on demand (a synthetic workload's block is a pure function of its seed), so
/// hours of churn do not hold a byte of memory per byte written. Bytes are made only where they must be real: the
/// target disk the write is applied to. <see cref="Replication.WriteRecord"/> costs the same on the wire and in every
/// buffer's capacity whichever form it takes (its <see cref="Length"/>).
/// </summary>
public abstract class WriteData
{
    public abstract int Length { get; }

    /// <summary>
    /// True when the write is kept as its description (a few bytes whatever its length), false when it holds its bytes.
    /// The retention journal keeps the undo of bytes a description wrote as that description, not as a copy.
    /// </summary>
    public virtual bool IsDescription => true;

    /// <summary>Bytes <c>[start, start + destination.Length)</c> of the write, made into <paramref name="destination"/>.</summary>
    public abstract void Fill(int start, Span<byte> destination);

    /// <summary>The bytes: the literal array itself, or made into <paramref name="buffer"/> (at least <see cref="Length"/> long).</summary>
    public virtual ReadOnlySpan<byte> Bytes(Span<byte> buffer)
    {
        var bytes = buffer[..Length];
        Fill(0, bytes);
        return bytes;
    }

    /// <summary>The bytes in a new array (or the literal array itself).</summary>
    public virtual byte[] ToArray()
    {
        var bytes = new byte[Length];
        Fill(0, bytes);
        return bytes;
    }

    /// <summary>Bytes that must not change afterwards: they are kept by reference.</summary>
    public static WriteData Literal(byte[] bytes) => new LiteralWriteData(bytes ?? throw new ArgumentNullException(nameof(bytes)));

    public static implicit operator WriteData(byte[] bytes) => Literal(bytes);

    private sealed class LiteralWriteData(byte[] bytes) : WriteData
    {
        public override int Length => bytes.Length;
        public override bool IsDescription => false;
        public override void Fill(int start, Span<byte> destination) => bytes.AsSpan(start, destination.Length).CopyTo(destination);
        public override ReadOnlySpan<byte> Bytes(Span<byte> buffer) => bytes;
        public override byte[] ToArray() => bytes;
    }
}
