using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Failback.Engine.Ports;
using Microsoft.Win32.SafeHandles;

namespace Failback.Engine.Replication;

/// <summary>
/// The retention journal on the master target's (or Azure's) retention volume: an append-only
/// undo log. Before a replicated write overwrites the target disk, the bytes it replaces are
/// appended here, so the target always holds the latest state and any recovery point P in the
/// window is the target with every undo record newer than P put back, newest first.
/// Pruning drops whole segment files that only points outside the window could need.
/// Between two points only the first write to a byte needs its undo (restoring any point puts back the oldest undo
/// after it): the journal remembers which 4 KiB blocks it holds since the last point, and a write wholly inside them
/// journals nothing, so a disk overwritten many times between points costs the journal once. (A roll-back in
/// place keeps them: a block held since the last point has an undo record after every earlier point.)
/// Bytes a synthetic workload's write put on the target are a pure function of its description, so their undo is
/// kept as that description (<see cref="AppendUndo(string, long, long, WriteData, int, int)"/>): a header-only record
/// on the volume, the description in memory, the bytes made again at restore. The process that wrote it is the only
/// one that can make them again: a journal reopened from its files restores literal records only.
/// </summary>
internal sealed class RetentionJournal : IDisposable
{
    private const uint Magic = 0x314A5252; // "RRJ1"
    private const int HeaderBytes = 28; // magic, length, sequence, offset, disk id length, flags
    /// <summary>The flag of a record kept as a description: the header alone, no bytes follow.</summary>
    private const ushort Described = 1;
    private const int PointBytes = 25; // type, number, time ticks, sequence
    private const string PointsFile = "points.rj";
    private const int KeptBlockSize = 4096;

    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly List<Segment> _segments = [];
    private readonly List<UndoEntry> _index = [];
    private readonly List<RecoveryPoint> _points = [];
    private readonly List<string> _disks = [];
    private readonly Dictionary<string, int> _diskOrdinals = new(StringComparer.Ordinal);
    /// <summary>Per disk ordinal, one bit per 4 KiB block whose bytes at the last point an undo record since holds.</summary>
    private readonly List<ulong[]> _kept = [];
    private SafeFileHandle? _writer;
    private byte[] _header = new byte[HeaderBytes + 64];
    private FileStream _pointsWriter;
    private long _lastPointNumber;

    private RetentionJournal(string directory, long segmentBytes)
    {
        _directory = directory;
        _segmentBytes = segmentBytes;
        Directory.CreateDirectory(directory);
        foreach (var path in Directory.GetFiles(directory, "seg-*.rj").Order(StringComparer.Ordinal)) LoadSegment(path);
        LoadPoints();
        _pointsWriter = new FileStream(Path.Combine(directory, PointsFile), FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    /// <summary>Opens (or creates) the journal in <paramref name="directory"/>, dropping a torn last record.</summary>
    public static RetentionJournal Open(string directory, long segmentBytes = 64L << 20)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentBytes, 4096L);
        return new RetentionJournal(directory, segmentBytes);
    }

    public string DirectoryPath => _directory;

    /// <summary>The highest sequence journaled (0 when empty).</summary>
    public long LastSequence { get; private set; }

    /// <summary>Recovery points in the window, oldest first.</summary>
    public IReadOnlyList<RecoveryPoint> Points => _points;

    /// <summary>Bytes the journal occupies on the retention volume.</summary>
    public long SizeBytes => _segments.Sum(s => s.Length) + (_points.Count * (long)PointBytes);

    public int SegmentCount => _segments.Count;

    /// <summary>
    /// Records the bytes at <paramref name="offset"/> of <paramref name="diskId"/> that the write
    /// <paramref name="sequence"/> replaces. Header and data go to the OS in one gathered write, so a
    /// record that returned survives a kill of the process.
    /// </summary>
    public void AppendUndo(string diskId, long sequence, long offset, ReadOnlyMemory<byte> before) =>
        Append(diskId, sequence, offset, before.Length, before, null, 0);

    /// <summary>
    /// Records that the bytes at <paramref name="offset"/> the write <paramref name="sequence"/> replaces are
    /// <paramref name="length"/> bytes of <paramref name="before"/> from <paramref name="start"/> on: kept as that
    /// description, they are made again only when a restore needs them.
    /// </summary>
    public void AppendUndo(string diskId, long sequence, long offset, WriteData before, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(before);
        if (!before.IsDescription) throw new ArgumentException("Only a description is kept as one; journal literal bytes as bytes.", nameof(before));
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, before.Length - start);
        Append(diskId, sequence, offset, length, ReadOnlyMemory<byte>.Empty, before, start);
    }

    /// <summary>Header and data go to the OS in one gathered write, so a record that returned survives a kill of the process.</summary>
    private void Append(string diskId, long sequence, long offset, int length, ReadOnlyMemory<byte> bytes, WriteData? described, int start)
    {
        ArgumentException.ThrowIfNullOrEmpty(diskId);
        // Equal sequences are one logical write (a resync's blocks); going back would break restore order.
        if (sequence < LastSequence)
            throw new ArgumentOutOfRangeException(nameof(sequence), $"Journal sequences must not go back: {sequence} after {LastSequence}.");
        var writer = CurrentWriter();
        var diskBytes = Encoding.UTF8.GetByteCount(diskId);
        if (diskBytes > ushort.MaxValue) throw new ArgumentException($"Disk id '{diskId[..32]}...' is too long for the journal.", nameof(diskId));
        if (_header.Length < HeaderBytes + diskBytes) _header = new byte[HeaderBytes + diskBytes];
        var header = _header.AsSpan(0, HeaderBytes + diskBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], length);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], offset);
        BinaryPrimitives.WriteUInt16LittleEndian(header[24..], (ushort)diskBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], described is null ? (ushort)0 : Described);
        Encoding.UTF8.GetBytes(diskId, header[HeaderBytes..]);
        var segment = _segments[^1];
        RandomAccess.Write(writer, [_header.AsMemory(0, header.Length), bytes], segment.Length);
        var ordinal = Ordinal(diskId);
        _index.Add(new UndoEntry(sequence, segment.Number, segment.Length + header.Length, ordinal, offset, length, described is not null, described, start));
        MarkKept(ordinal, offset, length);
        segment.Length += header.Length + bytes.Length;
        segment.MaxSequence = sequence;
        LastSequence = sequence;
    }

    /// <summary>Adds a recovery point covering every write up to <paramref name="sequence"/>.</summary>
    public RecoveryPoint AddPoint(ConsistencyType type, DateTimeOffset time, long sequence)
    {
        if (_points.Count > 0 && (sequence < _points[^1].Sequence || time < _points[^1].Time))
            throw new ArgumentOutOfRangeException(nameof(sequence), $"Recovery points must be added in order: {type} at sequence {sequence} after {_points[^1].Id}.");
        var point = NewPoint(_lastPointNumber + 1, type, time, sequence);
        _lastPointNumber++;
        Span<byte> record = stackalloc byte[PointBytes];
        WritePoint(record, point);
        _pointsWriter.Write(record);
        _pointsWriter.Flush();
        _points.Add(point);
        foreach (var kept in _kept) Array.Clear(kept);
        return point;
    }

    /// <summary>
    /// True when undo records since the last point already hold every byte of the range as it was at that point,
    /// so a write there needs no undo of its own (no point lies between the two writes).
    /// </summary>
    public bool HoldsUndo(string diskId, long offset, int length)
    {
        if (length <= 0 || _points.Count == 0 || !_diskOrdinals.TryGetValue(diskId, out var ordinal)) return false;
        var kept = _kept[ordinal];
        for (var block = offset / KeptBlockSize; block <= (offset + length - 1) / KeptBlockSize; block++)
            if (block >> 6 >= kept.Length || (kept[block >> 6] & (1UL << (int)(block & 63))) == 0) return false;
        return true;
    }

    /// <summary>The point named <paramref name="id"/>, or an error that lists the window.</summary>
    public RecoveryPoint GetPoint(string id) =>
        _points.FirstOrDefault(p => p.Id == id) ?? throw new KeyNotFoundException(
            $"Recovery point '{id}' is not in the retention window ({WindowText()}); pick one of the listed points.");

    /// <summary>
    /// Writes disk <paramref name="diskId"/> as it was at <paramref name="point"/> into <paramref name="output"/>:
    /// the <paramref name="current"/> target disk, then the undo records newer than the point, newest first.
    /// <paramref name="output"/> is either a new zeroed disk of the same capacity or <paramref name="current"/>
    /// itself (a roll-back in place).
    /// </summary>
    public void Restore(string diskId, RecoveryPoint point, IBlockDevice current, IBlockDevice output)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(output);
        if (!_points.Contains(point))
            throw new ArgumentException($"Recovery point '{point.Id}' is not in the retention window ({WindowText()}).", nameof(point));
        if (output.Capacity != current.Capacity)
            throw new ArgumentException($"The restore target holds {output.Capacity} bytes but disk '{diskId}' holds {current.Capacity}; create it with the same capacity.", nameof(output));
        byte[]? buffer = null;
        var handles = new Dictionary<int, SafeFileHandle>();
        try
        {
            if (!ReferenceEquals(current, output)) BlockDeviceCopy.CopyAllocated(current, output);
            if (!_diskOrdinals.TryGetValue(diskId, out var ordinal)) { output.Flush(); return; }
            var first = FirstAfter(point.Sequence);
            for (var i = _index.Count - 1; i >= first; i--)
            {
                var entry = _index[i];
                if (entry.Disk != ordinal) continue;
                if (buffer is null || entry.Length > buffer.Length)
                {
                    if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(Math.Max(entry.Length, 1 << 20));
                }
                var data = buffer.AsSpan(0, entry.Length);
                if (entry.IsDescribed)
                {
                    if (entry.Description is not { } description)
                        throw new InvalidDataException($"Recovery point '{point.Id}' needs an undo record of disk '{diskId}' kept as a workload's description, which only the process that wrote it can make again; this journal was reopened from its files.");
                    description.Fill(entry.Start, data);
                }
                else
                {
                    if (!handles.TryGetValue(entry.Segment, out var handle))
                        handles[entry.Segment] = handle = File.OpenHandle(SegmentPath(entry.Segment));
                    ReadExactly(handle, data, entry.Position);
                }
                output.Write(entry.Offset, data);
            }
        }
        finally
        {
            foreach (var handle in handles.Values) handle.Dispose();
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
        output.Flush();
    }

    /// <summary>
    /// Drops the points older than <paramref name="windowStart"/> and every segment that holds only
    /// undo records no remaining point needs. Returns the number of points dropped.
    /// </summary>
    public int Prune(DateTimeOffset windowStart)
    {
        var dropped = _points.RemoveAll(p => p.Time < windowStart);
        if (dropped > 0) RewritePoints();
        var needed = _points.Count > 0 ? _points[0].Sequence : LastSequence;
        var cut = FirstAfter(needed);
        _index.RemoveRange(0, cut);
        for (var i = 0; i < _segments.Count - 1 && _segments[i].MaxSequence <= needed;)
        {
            File.Delete(SegmentPath(_segments[i].Number));
            _segments.RemoveAt(i);
        }
        return dropped;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _pointsWriter.Dispose();
    }

    private SafeFileHandle CurrentWriter()
    {
        if (_writer is not null && _segments[^1].Length < _segmentBytes) return _writer;
        _writer?.Dispose();
        var number = _segments.Count == 0 ? 1 : _segments[^1].Number + 1;
        _segments.Add(new Segment(number) { MaxSequence = LastSequence });
        _writer = File.OpenHandle(SegmentPath(number), FileMode.Create, FileAccess.Write, FileShare.Read);
        return _writer;
    }

    private string SegmentPath(int number) => Path.Combine(_directory, $"seg-{number:D8}.rj");

    /// <summary>Marks the 4 KiB blocks wholly inside the range an undo record just took.</summary>
    private void MarkKept(int ordinal, long offset, int length)
    {
        var first = (offset + KeptBlockSize - 1) / KeptBlockSize;
        var end = (offset + length) / KeptBlockSize;
        if (first >= end) return;
        var kept = _kept[ordinal];
        if ((end - 1) >> 6 >= kept.Length) Array.Resize(ref kept, (int)Math.Max(((end - 1) >> 6) + 1, kept.Length * 2L));
        _kept[ordinal] = kept;
        for (var block = first; block < end; block++) kept[block >> 6] |= 1UL << (int)(block & 63);
    }

    private int Ordinal(string diskId)
    {
        if (_diskOrdinals.TryGetValue(diskId, out var ordinal)) return ordinal;
        _kept.Add([]);
        _disks.Add(diskId);
        return _diskOrdinals[diskId] = _disks.Count - 1;
    }

    /// <summary>The index of the first undo entry with a sequence above <paramref name="sequence"/>.</summary>
    private int FirstAfter(long sequence)
    {
        int lo = 0, hi = _index.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_index[mid].Sequence <= sequence) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long position)
    {
        while (buffer.Length > 0)
        {
            var read = RandomAccess.Read(handle, buffer, position);
            if (read == 0) throw new InvalidDataException($"The retention journal ends before offset {position}: a segment file was truncated or removed.");
            buffer = buffer[read..];
            position += read;
        }
    }

    private void LoadSegment(string path)
    {
        var number = int.Parse(Path.GetFileNameWithoutExtension(path)["seg-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var segment = new Segment(number) { MaxSequence = LastSequence };
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1 << 20))
        {
            Span<byte> header = stackalloc byte[HeaderBytes];
            Span<byte> disk = stackalloc byte[ushort.MaxValue];
            long position = 0;
            while (true)
            {
                if (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes) break;
                var length = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
                var sequence = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
                var diskLength = BinaryPrimitives.ReadUInt16LittleEndian(header[24..]);
                var described = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]) == Described;
                var end = position + HeaderBytes + diskLength + (described ? 0 : (long)length);
                if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic || length < 0 || end > stream.Length || sequence < LastSequence) break;
                stream.ReadExactly(disk[..diskLength]);
                var diskId = Encoding.UTF8.GetString(disk[..diskLength]);
                _index.Add(new UndoEntry(sequence, number, position + HeaderBytes + diskLength, Ordinal(diskId),
                    BinaryPrimitives.ReadInt64LittleEndian(header[16..]), length, described, null, 0));
                stream.Seek(end - position - HeaderBytes - diskLength, SeekOrigin.Current);
                position = end;
                LastSequence = segment.MaxSequence = sequence;
            }
            // A torn record at the tail (the process died mid-append) is cut off.
            if (position < stream.Length) stream.SetLength(position);
            segment.Length = position;
        }
        _segments.Add(segment);
        _writer?.Dispose();
        _writer = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.Read);
    }

    private void LoadPoints()
    {
        var path = Path.Combine(_directory, PointsFile);
        if (!File.Exists(path)) return;
        var bytes = File.ReadAllBytes(path);
        var whole = bytes.Length / PointBytes * PointBytes;
        for (var at = 0; at < whole; at += PointBytes)
        {
            var span = bytes.AsSpan(at, PointBytes);
            _lastPointNumber = BinaryPrimitives.ReadInt64LittleEndian(span[1..]);
            _points.Add(NewPoint(_lastPointNumber, (ConsistencyType)span[0],
                new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(span[9..]), TimeSpan.Zero), BinaryPrimitives.ReadInt64LittleEndian(span[17..])));
        }
        if (whole < bytes.Length)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            stream.SetLength(whole);
        }
    }

    private void RewritePoints()
    {
        var path = Path.Combine(_directory, PointsFile);
        var temp = path + ".new";
        var bytes = new byte[_points.Count * PointBytes];
        for (var i = 0; i < _points.Count; i++) WritePoint(bytes.AsSpan(i * PointBytes, PointBytes), _points[i]);
        File.WriteAllBytes(temp, bytes);
        _pointsWriter.Dispose();
        File.Move(temp, path, overwrite: true);
        _pointsWriter = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    private static void WritePoint(Span<byte> record, RecoveryPoint point)
    {
        record[0] = (byte)point.Type;
        BinaryPrimitives.WriteInt64LittleEndian(record[1..], point.Number);
        BinaryPrimitives.WriteInt64LittleEndian(record[9..], point.Time.UtcTicks);
        BinaryPrimitives.WriteInt64LittleEndian(record[17..], point.Sequence);
    }

    private static RecoveryPoint NewPoint(long number, ConsistencyType type, DateTimeOffset time, long sequence) =>
        new(number, type, time, sequence);

    private string WindowText() => _points.Count == 0
        ? "no points yet"
        : $"{_points.Count} points from {_points[0].Time:u} to {_points[^1].Time:u}";

    private sealed class Segment(int number)
    {
        public int Number { get; } = number;
        public long Length { get; set; }
        public long MaxSequence { get; set; }
    }

    /// <summary>
    /// Where an undo record's bytes are: in its segment at <see cref="Position"/>, or, when
    /// <see cref="IsDescribed"/>, made from <see cref="Description"/> at <see cref="Start"/> (null once reopened from the files).
    /// </summary>
    private readonly record struct UndoEntry(long Sequence, int Segment, long Position, int Disk, long Offset, int Length,
        bool IsDescribed, WriteData? Description, int Start);
}
