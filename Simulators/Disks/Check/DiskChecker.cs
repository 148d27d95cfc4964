using System.Buffers.Binary;
using Failback.Simulators.Disks.Vhd;
using Failback.Simulators.Disks.Vmdk;
using Microsoft.Win32.SafeHandles;

namespace Failback.Simulators.Disks.Check;

/// <summary>
/// Validates an image and its chain without writing a byte: footer and header checksums, extent sizes,
/// grain tables against the file end and against their redundant copy, and the CID chain.
/// </summary>
internal static class DiskChecker
{
    public static DiskCheckResult Check(string path)
    {
        ImageOpener.RequireFile(path);
        var problems = new ProblemCollector();
        DiskFormat? format = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = path, child = null;
        while (current is not null)
        {
            if (!seen.Add(ImageOpener.RealPath(current)))
            {
                problems.Add(new DiskProblem(DiskProblemKind.ParentChainCycle, child!,
                    $"the parent chain leads back to '{Path.GetFileName(current)}', which is already in the chain: a cycle, which no image can read."));
                break;
            }
            if (seen.Count > FormatLimits.MaxChainLinks)
            {
                problems.Add(new DiskProblem(DiskProblemKind.ChainTooLong, path, $"the chain has more than {FormatLimits.MaxChainLinks} links; DiskSim follows at most that many."));
                break;
            }
            var next = (string?)null;
            try
            {
                var f = ImageOpener.Detect(current);
                format ??= f;
                next = f switch
                {
                    DiskFormat.Raw => null,
                    DiskFormat.Vhd => CheckFixedVhd(current, problems),
                    DiskFormat.VhdDynamic => CheckDynamicVhd(current, problems),
                    _ => CheckVmdk(current, f, problems),
                };
                CheckTracking(current, problems);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(Unreadable(current, e));
            }
            child = current;
            current = next;
        }
        return new DiskCheckResult(path, format, problems.ToList());
    }

    /// <summary>A field out of range is named as such; anything else that stops reading is unreadable.</summary>
    private static DiskProblem Unreadable(string file, Exception e) =>
        new(e is BadImageException b && (b.Field.Contains("size", StringComparison.Ordinal) || b.Field.Contains("capacity", StringComparison.Ordinal))
            ? DiskProblemKind.SizeOutOfRange : DiskProblemKind.Unreadable, e is BadImageException bad ? bad.ImagePath : file,
            e is BadImageException x ? x.Message[(x.ImagePath.Length + 2)..] : e.Message);

    /// <summary>A corrupt change-tracking side file voids earlier change ids: the next copy is a full one.</summary>
    private static void CheckTracking(string path, ProblemCollector problems)
    {
        var tracker = DiskDevice.TrackerPath(path);
        if (!File.Exists(tracker)) return;
        try
        {
            using var device = DiskImage.Open(path, writable: false);
            Cbt.ChangeTracker.Validate(tracker, device.Capacity);
        }
        catch (BadImageException e) when (e.ImagePath == tracker)
        {
            problems.Add(new DiskProblem(DiskProblemKind.ChangeTrackingCorrupt, tracker,
                e.Message[(tracker.Length + 2)..] + " Earlier change ids are void; the next replication cycle copies every allocated area."));
        }
        catch (IOException)
        {
            // The image itself is at fault; its own checks name why.
        }
    }

    private static SafeFileHandle Read(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    private static string? CheckFixedVhd(string path, ProblemCollector problems)
    {
        using var file = Read(path);
        var length = RandomAccess.GetLength(file);
        var footer = ParseFooter(file, length - VhdFooter.Size, path, "footer", problems);
        if (footer is null) return null;
        if (footer.DiskType != VhdFooter.TypeFixed)
            problems.Add(new DiskProblem(DiskProblemKind.Unreadable, path,
                $"the VHD footer's disk type is {footer.DiskType}, but with no footer copy at offset 0 only a fixed VHD (2) is readable."));
        if (footer.CurrentSize + VhdFooter.Size != length)
            problems.Add(new DiskProblem(DiskProblemKind.VhdSizeMismatch, path,
                $"the footer says {footer.CurrentSize} bytes of data but the file holds {length - VhdFooter.Size} before the footer."));
        if (footer.CurrentSize % Sizes.MiB != 0)
            problems.Add(new DiskProblem(DiskProblemKind.VhdSizeMismatch, path,
                $"the data size {footer.CurrentSize} is not a whole number of MiB, which Azure requires of a fixed VHD."));
        return null;
    }

    private static VhdFooter? ParseFooter(SafeFileHandle file, long at, string path, string what, ProblemCollector problems)
    {
        var b = new byte[VhdFooter.Size];
        RandomAccess.Read(file, b, Math.Max(0, at));
        if (!VhdFooter.HasCookie(b))
        {
            problems.Add(new DiskProblem(DiskProblemKind.Unreadable, path, $"the VHD {what} at byte {at} lacks the 'conectix' cookie."));
            return null;
        }
        var stored = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(64));
        var computed = VhdFooter.ComputeChecksum(b, 64);
        if (stored != computed)
        {
            problems.Add(new DiskProblem(DiskProblemKind.VhdFooterChecksum, path,
                $"bad VHD {what} checksum: stored 0x{stored:x8}, computed 0x{computed:x8}."));
            return null;
        }
        try
        {
            return VhdFooter.Parse(b, path);
        }
        catch (BadImageException e)
        {
            problems.Add(Unreadable(path, e));
            return null;
        }
    }

    private static string? CheckDynamicVhd(string path, ProblemCollector problems)
    {
        using var file = Read(path);
        var length = RandomAccess.GetLength(file);
        var copy = ParseFooter(file, 0, path, "footer copy", problems);
        var footer = ParseFooter(file, length - VhdFooter.Size, path, "footer", problems);
        if (copy is not null && footer is not null && copy != footer)
            problems.Add(new DiskProblem(DiskProblemKind.VhdFooterCopyMismatch, path, "the footer copy at offset 0 differs from the footer at the end."));
        var f = footer ?? copy;
        if (f is null) return null;
        VhdDynamicHeader header;
        try
        {
            header = DynamicVhdLayer.ReadHeader(file, f, path);
        }
        catch (BadImageException e)
        {
            problems.Add(new DiskProblem(e.Field.Contains("checksum", StringComparison.Ordinal)
                ? DiskProblemKind.VhdDynamicHeaderChecksum : DiskProblemKind.Unreadable, path, e.Message[(path.Length + 2)..]));
            return null;
        }
        var layout = header.LayoutProblems(f, length, path).ToList();
        foreach (var (kind, error) in layout) problems.Add(new DiskProblem(kind, path, error.Message[(path.Length + 2)..]));
        if (layout.Any(p => p.Kind == DiskProblemKind.VhdBatPastEndOfFile)) return null;
        var bat = new byte[header.MaxTableEntries * 4L];
        RandomAccess.Read(file, bat, header.TableOffset);
        for (var i = 0; i < header.MaxTableEntries; i++)
        {
            var sector = BinaryPrimitives.ReadUInt32BigEndian(bat.AsSpan(i * 4));
            if (sector == uint.MaxValue) continue;
            var end = sector * 512L + header.BitmapBytes + header.BlockSize;
            if (end > length - VhdFooter.Size)
                problems.Add(new DiskProblem(DiskProblemKind.VhdBlockPastEndOfFile, path,
                    $"BAT entry {i} puts block data at sector {sector}, ending at byte {end}, past the footer at {length - VhdFooter.Size}."));
        }
        return null;
    }

    /// <summary>Checks one VMDK link; returns the parent to check next, if any.</summary>
    private static string? CheckVmdk(string path, DiskFormat format, ProblemCollector problems)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var kdmv = format == DiskFormat.VmdkSparse && IsKdmv(path);
        VmdkDescriptor descriptor;
        try
        {
            descriptor = ReadDescriptor(path, kdmv);
        }
        catch (BadImageException e)
        {
            problems.Add(Unreadable(path, e));
            return null;
        }
        foreach (var line in descriptor.Extents)
        {
            // A KDMV file is its own extent whatever name its embedded line gives (a renamed image).
            var extent = kdmv && descriptor.Extents.Count == 1 ? path : Path.Combine(dir, line.FileName);
            if (!File.Exists(extent))
            {
                problems.Add(new DiskProblem(DiskProblemKind.ExtentFileMissing, path, $"extent file '{line.FileName}' is missing."));
                continue;
            }
            try
            {
                switch (line.Type)
                {
                    case "VMFS" or "FLAT":
                        var need = (line.Offset + line.Sectors) * 512;
                        var have = new FileInfo(extent).Length;
                        if (have < need)
                            problems.Add(new DiskProblem(DiskProblemKind.FlatExtentTooShort, extent,
                                $"flat extent is {have} bytes but the descriptor says {line.Sectors} sectors ({need} bytes); the missing tail would read as zeros."));
                        break;
                    case "SPARSE":
                        CheckHostedSparse(extent, line, problems);
                        break;
                    case "VMFSSPARSE":
                        CheckCowd(extent, line, problems);
                        break;
                    default:
                        problems.Add(new DiskProblem(DiskProblemKind.Unreadable, path, $"extent type {line.Type} is not supported."));
                        break;
                }
            }
            catch (BadImageException e)
            {
                problems.Add(Unreadable(extent, e));
            }
        }
        if (descriptor.ParentCid == VmdkDescriptor.NoParent)
        {
            if (format == DiskFormat.VmfsSparse)
                problems.Add(new DiskProblem(DiskProblemKind.ParentLinkDamaged, path,
                    "a vmfsSparse snapshot says parentCID=ffffffff (no parent), but its unwritten sectors are its parent's: the parent link is damaged " +
                    "(qemu opens it alone and reads zeros there)."));
            return null;
        }
        if (descriptor.ParentFileNameHint is null)
        {
            problems.Add(new DiskProblem(DiskProblemKind.ParentMissing, path, $"parentCID is {descriptor.ParentCid:x8} but no parentFileNameHint names the parent."));
            return null;
        }
        var parent = Path.Combine(dir, descriptor.ParentFileNameHint);
        if (!File.Exists(parent))
        {
            problems.Add(new DiskProblem(DiskProblemKind.ParentMissing, path, $"parent file '{descriptor.ParentFileNameHint}' is missing."));
            return null;
        }
        try
        {
            var parentFormat = ImageOpener.Detect(parent);
            if (parentFormat is not (DiskFormat.Vmdk or DiskFormat.VmdkSparse or DiskFormat.VmfsSparse))
            {
                problems.Add(new DiskProblem(DiskProblemKind.ParentLinkDamaged, path,
                    $"parent '{descriptor.ParentFileNameHint}' is a {parentFormat} image, not a VMDK: the parent link is damaged."));
                return null;
            }
            var parentCid = ReadDescriptor(parent, parentFormat == DiskFormat.VmdkSparse && IsKdmv(parent)).Cid;
            if (parentCid != descriptor.ParentCid)
                problems.Add(new DiskProblem(DiskProblemKind.ParentCidMismatch, path,
                    $"parentCID {descriptor.ParentCid:x8} differs from CID {parentCid:x8} of parent '{descriptor.ParentFileNameHint}': the parent was written after this snapshot was taken."));
        }
        catch (IOException e)
        {
            problems.Add(Unreadable(parent, e));
            return null;
        }
        return parent;
    }

    private static VmdkDescriptor ReadDescriptor(string path, bool kdmv)
    {
        if (!kdmv) return VmdkDescriptor.Read(path);
        using var file = Read(path);
        var head = new byte[512];
        var n = RandomAccess.Read(file, head, 0);
        return VmdkDescriptor.Parse(HostedSparseExtent.ReadDescriptor(file, SparseExtentHeader.Parse(head.AsSpan(0, n), path), path), path);
    }

    private static bool IsKdmv(string path)
    {
        using var file = Read(path);
        var head = new byte[4];
        return RandomAccess.Read(file, head, 0) == 4 && BinaryPrimitives.ReadUInt32LittleEndian(head) == SparseExtentHeader.Magic;
    }

    private static void CheckHostedSparse(string path, VmdkExtentLine line, ProblemCollector problems)
    {
        using var file = Read(path);
        var length = RandomAccess.GetLength(file);
        var head = new byte[512];
        var n = RandomAccess.Read(file, head, 0);
        var h = SparseExtentHeader.Parse(head.AsSpan(0, n), path);
        var layout = h.LayoutProblems(length, path).ToList();
        foreach (var (kind, error) in layout) problems.Add(new DiskProblem(kind, path, error.Message[(path.Length + 2)..]));
        if (layout.Any(p => p.Kind == DiskProblemKind.GrainDirectoryPastEndOfFile)) return;
        var gd = HostedSparseExtent.ReadDirectory(file, h.GdOffset, h.GdEntries);
        var rgd = h.HasRedundantGd ? HostedSparseExtent.ReadDirectory(file, h.RgdOffset, h.GdEntries) : null;
        const int gtBytes = SparseExtentHeader.GtesPerGt * 4;
        var table = new byte[gtBytes];
        var copy = new byte[gtBytes];
        for (var t = 0; t < gd.Length; t++)
        {
            if (gd[t] == 0)
            {
                // The primary forgot a table the redundant copy still maps: every grain of it reads as unwritten.
                if (rgd is not null && rgd[t] != 0 && rgd[t] * 512L + gtBytes <= length && MapsData(file, rgd[t], copy))
                    problems.Add(new DiskProblem(DiskProblemKind.GrainDirectoryEntryLost, path,
                        $"grain directory entry {t} is 0 but the redundant grain directory still maps grain table {t} with data at sector {rgd[t]}: that data reads as lost."));
                continue;
            }
            if (gd[t] * 512L + gtBytes > length)
            {
                problems.Add(new DiskProblem(DiskProblemKind.GrainTablePastEndOfFile, path,
                    $"grain directory entry {t} points to sector {gd[t]}, past the end of the file ({length} bytes)."));
                continue;
            }
            RandomAccess.Read(file, table, gd[t] * 512L);
            for (var i = 0; i < SparseExtentHeader.GtesPerGt; i++)
            {
                var e = BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(i * 4));
                if (e <= 1) continue;
                if (e * 512L + h.GrainBytes > length)
                {
                    var grain = (long)t * SparseExtentHeader.GtesPerGt + i;
                    problems.Add(new DiskProblem(DiskProblemKind.GrainTableEntryPastEndOfFile, path,
                        $"grain table entry for grain {grain} (disk sector {grain * h.GrainSectors}) points to sector {e}, past the end of the file ({length} bytes)."));
                }
            }
            if (rgd is null) continue;
            if (rgd[t] == 0 || rgd[t] * 512L + gtBytes > length)
            {
                problems.Add(new DiskProblem(DiskProblemKind.GrainDirectoryMismatch, path,
                    $"redundant grain directory entry {t} is {rgd[t]}, so it has no readable copy of grain table {t}."));
                continue;
            }
            RandomAccess.Read(file, copy, rgd[t] * 512L);
            if (!copy.AsSpan().SequenceEqual(table))
                problems.Add(new DiskProblem(DiskProblemKind.GrainDirectoryMismatch, path,
                    $"grain table {t} differs from its redundant copy: the grain directory and the redundant grain directory disagree."));
        }
        if (h.CapacitySectors < line.Sectors)
            problems.Add(new DiskProblem(DiskProblemKind.SizeOutOfRange, path, $"the sparse extent holds {h.CapacitySectors} sectors but the descriptor says {line.Sectors}."));
    }

    private static bool MapsData(SafeFileHandle file, uint sector, byte[] buffer)
    {
        RandomAccess.Read(file, buffer, sector * 512L);
        for (var i = 0; i < buffer.Length; i += 4)
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i)) > 1) return true;
        return false;
    }

    private static void CheckCowd(string path, VmdkExtentLine line, ProblemCollector problems)
    {
        using var file = Read(path);
        var length = RandomAccess.GetLength(file);
        var head = new byte[CowdHeader.Size];
        var n = RandomAccess.Read(file, head, 0);
        var h = CowdHeader.Parse(head.AsSpan(0, n), path);
        if (h.DirectoryPastEnd(length, path) is { } past)
        {
            problems.Add(new DiskProblem(DiskProblemKind.GrainDirectoryPastEndOfFile, path, past.Message[(path.Length + 2)..]));
            return;
        }
        var gd = HostedSparseExtent.ReadDirectory(file, h.GdOffset, h.GdEntries);
        const int gtBytes = CowdHeader.GtesPerGt * 4;
        var table = new byte[gtBytes];
        for (var t = 0; t < gd.Length; t++)
        {
            if (gd[t] == 0) continue;
            if (gd[t] * 512L + gtBytes > length)
            {
                problems.Add(new DiskProblem(DiskProblemKind.GrainTablePastEndOfFile, path,
                    $"grain directory entry {t} points to sector {gd[t]}, past the end of the delta ({length} bytes)."));
                continue;
            }
            RandomAccess.Read(file, table, gd[t] * 512L);
            for (var i = 0; i < CowdHeader.GtesPerGt; i++)
            {
                var e = BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(i * 4));
                if (e != 0 && e * 512L + h.GrainBytes > length)
                {
                    var grain = (long)t * CowdHeader.GtesPerGt + i;
                    problems.Add(new DiskProblem(DiskProblemKind.GrainTableEntryPastEndOfFile, path,
                        $"grain table entry for grain {grain} (disk sector {grain * h.GrainSectors}) points to sector {e}, past the end of the delta ({length} bytes)."));
                }
            }
        }
        if (h.CapacitySectors < line.Sectors)
            problems.Add(new DiskProblem(DiskProblemKind.SizeOutOfRange, path, $"the delta holds {h.CapacitySectors} sectors but the descriptor says {line.Sectors}."));
    }
}
