using System.Globalization;
using System.Text.Json;
using Failback.Simulators.Disks;
using Failback.Simulators.Disks.Diff;

namespace Failback.Scenarios.Cli;

/// <summary>
/// <c>drill disk create|snapshot|consolidate|info|check|diff</c>: DiskSim's images from the shell. Exit codes:
/// 0 ok (healthy, identical), 1 corrupt or different, 2 bad usage or a missing or unreadable file.
/// </summary>
internal static class DiskCommand
{
    public const string Usage = """
          disk create --format vmdk|vmdk-sparse|vhd|vhd-dynamic|raw --size SIZE [--thick] [--adapter TYPE] PATH
                                                     create an image (SIZE like 64MiB or 100GiB)
          disk snapshot PATH                         add a vmfsSparse snapshot to a VMDK; prints the child's path
          disk consolidate CHILD                     merge a snapshot into its parent and delete it
          disk info PATH [--json]                    format, capacity, allocated bytes and chain
          disk check PATH                            exit 0 healthy, 1 corrupt (every problem found, one a line)
          disk diff A B [--block-size 64KiB] [--json]
                                                     the blocks whose content differs; exit 0 identical, 1 different
        """;

    public static int Run(ArgReader args)
    {
        var verb = args.Remaining.FirstOrDefault();
        if (verb is null || verb.StartsWith("--", StringComparison.Ordinal))
            throw new UsageException("missing a disk command: create, snapshot, consolidate, info, check or diff.");
        args = new ArgReader(args.Remaining.Skip(1));
        try
        {
            return verb switch
            {
                "create" => Create(args),
                "snapshot" => Snapshot(args),
                "consolidate" => Consolidate(args),
                "info" => Info(args),
                "check" => Check(args),
                "diff" => Diff(args),
                _ => throw new UsageException($"unknown disk command '{verb}'; use create, snapshot, consolidate, info, check or diff."),
            };
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException
                                      or UnauthorizedAccessException or InvalidOperationException)
        {
            // ArgumentException appends "(Parameter 'x')", which means nothing on a command line.
            var message = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            Console.Error.WriteLine($"drill disk {verb}: {OneLine(message)}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is not UsageException)
        {
            // Last resort: every bad image has a named error above, so this is a DiskSim bug an input
            // revealed; one line, never a stack trace, and exit 2 since the input is what differs.
            Console.Error.WriteLine($"drill disk {verb}: the image could not be read ({e.GetType().Name}: {OneLine(e.Message)}); this is a DiskSim bug, please report it with the image.");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>One line of text: a value read from an image may hold newlines, NULs or terminal escapes.</summary>
    internal static string OneLine(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
            sb.Append(char.IsControl(c) ? $"\\x{(int)c:x2}" : c);
        return sb.ToString();
    }

    private static int Create(ArgReader args)
    {
        var formatText = args.Option("--format") ?? throw new UsageException("disk create needs --format vmdk|vmdk-sparse|vhd|vhd-dynamic|raw.");
        var sizeText = args.Option("--size") ?? throw new UsageException("disk create needs --size, like --size 64MiB.");
        var thick = args.Flag("--thick");
        var adapter = args.Option("--adapter") ?? "lsilogic";
        var path = args.Positionals(1, 1, "the image PATH")[0];
        var format = formatText switch
        {
            "vmdk" => DiskFormat.Vmdk,
            "vmdk-sparse" => DiskFormat.VmdkSparse,
            "vhd" => DiskFormat.Vhd,
            "vhd-dynamic" => DiskFormat.VhdDynamic,
            "raw" => DiskFormat.Raw,
            _ => throw new UsageException($"unknown format '{formatText}'; use vmdk, vmdk-sparse, vhd, vhd-dynamic or raw."),
        };
        if (!Sizes.TryParse(sizeText, out var size) || size <= 0)
            throw new UsageException($"'{sizeText}' is not a size; write it like 64MiB or 100GiB.");
        using (DiskImage.Create(path, format, size, new DiskCreateOptions { Thin = !thick, AdapterType = adapter })) { }
        Console.Out.WriteLine(path);
        return ExitCodes.Ok;
    }

    private static int Snapshot(ArgReader args)
    {
        var path = Existing(args.Positionals(1, 1, "the VMDK PATH")[0]);
        Console.Out.WriteLine(DiskImage.Snapshot(path));
        return ExitCodes.Ok;
    }

    private static int Consolidate(ArgReader args)
    {
        var path = Existing(args.Positionals(1, 1, "the snapshot PATH")[0]);
        DiskImage.Consolidate(path);
        return ExitCodes.Ok;
    }

    private static int Info(ArgReader args)
    {
        var json = args.Flag("--json");
        var path = Existing(args.Positionals(1, 1, "the image PATH")[0]);
        var info = DiskImage.Inspect(path);
        if (json)
        {
            WriteJson(w =>
            {
                w.WriteString("path", info.Path);
                w.WriteString("format", FormatName(info.Format));
                w.WriteNumber("capacity", info.Capacity);
                w.WriteNumber("allocatedBytes", info.AllocatedBytes);
                w.WriteStartArray("chain");
                foreach (var link in info.Chain)
                {
                    w.WriteStartObject();
                    w.WriteString("path", link.Path);
                    w.WriteString("format", FormatName(link.Format));
                    w.WriteNumber("capacity", link.Capacity);
                    w.WriteNumber("allocatedBytes", link.AllocatedBytes);
                    if (link.Cid is { } cid) w.WriteString("cid", cid.ToString("x8", CultureInfo.InvariantCulture));
                    if (link.ParentCid is { } pcid) w.WriteString("parentCid", pcid.ToString("x8", CultureInfo.InvariantCulture));
                    w.WriteStartArray("files");
                    foreach (var f in link.Files) w.WriteStringValue(f);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
            return ExitCodes.Ok;
        }
        Console.Out.WriteLine($"path:      {info.Path}");
        Console.Out.WriteLine($"format:    {FormatName(info.Format)}");
        Console.Out.WriteLine($"capacity:  {Sizes.Format(info.Capacity)} ({info.Capacity} bytes)");
        Console.Out.WriteLine($"allocated: {info.AllocatedBytes} bytes");
        Console.Out.WriteLine("chain:");
        foreach (var link in info.Chain)
        {
            var cids = link.Cid is { } c ? $" CID={c:x8} parentCID={link.ParentCid:x8}" : "";
            Console.Out.WriteLine($"  {link.Path} ({FormatName(link.Format)}, {link.AllocatedBytes} bytes allocated{cids})");
        }
        return ExitCodes.Ok;
    }

    private static int Check(ArgReader args)
    {
        var path = Existing(args.Positionals(1, 1, "the image PATH")[0]);
        var result = DiskImage.Check(path);
        if (result.IsHealthy)
        {
            Console.Out.WriteLine($"{path}: healthy ({(result.Format is { } f ? FormatName(f) : "unknown")}).");
            return ExitCodes.Ok;
        }
        foreach (var p in result.Problems) Console.Out.WriteLine($"corrupt: {OneLine(p.File)}: {OneLine(p.Message)} [{p.Kind}]");
        return ExitCodes.Failed;
    }

    private static int Diff(ArgReader args)
    {
        var json = args.Flag("--json");
        var blockText = args.Option("--block-size") ?? "64KiB";
        var paths = args.Positionals(2, 2, "two images A and B");
        if (!Sizes.TryParse(blockText, out var blockSize) || blockSize is < 512 or > 8 * Sizes.MiB || (blockSize & (blockSize - 1)) != 0)
            throw new UsageException($"--block-size '{blockText}' must be a power of two from 512 bytes to 8MiB.");
        using var a = DiskImage.Open(Existing(paths[0]), writable: false);
        using var b = DiskImage.Open(Existing(paths[1]), writable: false);
        var result = CompareConcurrently(a, b, (int)blockSize);
        if (json)
        {
            WriteJson(w =>
            {
                w.WriteBoolean("identical", result.Identical);
                w.WriteNumber("blockSize", result.BlockSize);
                w.WriteNumber("blocks", result.BlockCount);
                w.WriteNumber("capacityA", result.CapacityA);
                w.WriteNumber("capacityB", result.CapacityB);
                w.WriteNumber("changedCount", result.ChangedBlocks.Count);
                w.WriteStartArray("changedBlocks");
                foreach (var block in result.ChangedBlocks) w.WriteNumberValue(block);
                w.WriteEndArray();
            });
        }
        else
        {
            if (result.SizesDiffer) Console.Out.WriteLine($"sizes differ: {result.CapacityA} and {result.CapacityB} bytes (the shorter one's tail counts as zeros).");
            Console.Out.WriteLine(result.Identical
                ? $"identical ({result.BlockCount} blocks of {Sizes.Format(result.BlockSize)})."
                : $"{result.ChangedBlocks.Count} of {result.BlockCount} blocks of {Sizes.Format(result.BlockSize)} differ: {Ranges(result.ChangedBlocks)}");
        }
        return result.Identical ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>
    /// Flat images (raw, fixed VHD, vmfs) take stateless positional reads, so the CLI scans one block range
    /// per core; sparse formats are scanned in one pass.
    /// </summary>
    private static BlockDiffResult CompareConcurrently(Failback.Engine.Ports.IBlockDevice a, Failback.Engine.Ports.IBlockDevice b, int blockSize)
    {
        var blocks = BlockDiff.BlockCount(a, b, blockSize);
        var workers = a is DiskDevice da && b is DiskDevice db && da.SupportsConcurrentReads && db.SupportsConcurrentReads
            ? (int)Math.Clamp(blocks * blockSize / (64 * Sizes.MiB), 1, Environment.ProcessorCount)
            : 1;
        if (workers == 1) return BlockDiff.Compare(a, b, blockSize);
        var per = (blocks + workers - 1) / workers;
        var parts = new BlockDiffResult[workers];
        Parallel.For(0, workers, i => parts[i] = BlockDiff.Compare(a, b, blockSize, i * per, Math.Min(per, blocks - i * per)));
        return BlockDiff.Merge(parts);
    }

    /// <summary>Block indexes as ranges: 0-3,7,9-12.</summary>
    private static string Ranges(IReadOnlyList<long> blocks)
    {
        var parts = new List<string>();
        for (var i = 0; i < blocks.Count;)
        {
            var j = i;
            while (j + 1 < blocks.Count && blocks[j + 1] == blocks[j] + 1) j++;
            parts.Add(i == j ? blocks[i].ToString(CultureInfo.InvariantCulture) : $"{blocks[i]}-{blocks[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new UsageException($"{path}: no such file.");

    internal static string FormatName(DiskFormat f) => f switch
    {
        DiskFormat.Vmdk => "vmdk",
        DiskFormat.VmdkSparse => "vmdk-sparse",
        DiskFormat.VmfsSparse => "vmfs-sparse",
        DiskFormat.Vhd => "vhd",
        DiskFormat.VhdDynamic => "vhd-dynamic",
        _ => "raw",
    };

    private static void WriteJson(Action<Utf8JsonWriter> body) => JsonOutput.Print(w =>
    {
        w.WriteStartObject();
        body(w);
        w.WriteEndObject();
    });
}
