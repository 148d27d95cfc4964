using System.Security.Cryptography;
using System.Text;

namespace Failback.Lab.Sessions;

/// <summary>
/// Where a lab's trace goes: each JSON line is hashed (SHA-256) with the lab's scratch folder named <c>$RUN</c>, as
/// drill reports name it, so a lab rebuilt from its journal in another folder hashes the same. Nothing is kept: a
/// working day's trace would not fit in memory.
/// </summary>
internal sealed class TraceHash(string folder) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly MemoryStream _line = new();
    private readonly string _folder = folder;

    /// <summary>The lines hashed so far.</summary>
    public long Lines { get; private set; }

    /// <summary>The SHA-256 of every complete line so far, as lowercase hex.</summary>
    public string Current => Convert.ToHexStringLower(_hash.GetCurrentHash());

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var end = buffer.IndexOf((byte)'\n');
            if (end < 0)
            {
                _line.Write(buffer);
                return;
            }
            _line.Write(buffer[..(end + 1)]);
            buffer = buffer[(end + 1)..];
            var text = Encoding.UTF8.GetString(_line.GetBuffer(), 0, (int)_line.Length).Replace(_folder, "$RUN", StringComparison.Ordinal);
            _hash.AppendData(Encoding.UTF8.GetBytes(text));
            _line.SetLength(0);
            Lines++;
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            _line.Dispose();
        }
        base.Dispose(disposing);
    }
}
