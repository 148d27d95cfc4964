using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Failback.Engine.Ports;
using Failback.Simulators.Disks;

namespace Failback.Benchmarks.Disks;

/// <summary>
/// Sequential 1 MiB writes into a new image and sequential reads of a written one, through DiskSim's
/// VMDK and VHD layers, against a plain FileStream on a file of the same size (the Ratio column; goal >= 0.5x
/// throughput, i.e. Ratio &lt;= 2). Run: benchmarks/disk-diff.sh, or dotnet run -c Release -- --filter '*DiskThroughput*'.
/// </summary>
[Config(typeof(InProcessShortRun))]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class DiskThroughputBenchmarks
{
    /// <summary>In process: generating and building a separate benchmark project takes minutes on a shared 2-core machine.</summary>
    private sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }

    private const long Size = 256 * 1024 * 1024;
    private const int Chunk = 1024 * 1024;
    private readonly byte[] _buffer = new byte[Chunk];
    private string _dir = "";

    [Params(DiskFormat.Vmdk, DiskFormat.VmdkSparse, DiskFormat.Vhd, DiskFormat.VhdDynamic)]
    public DiskFormat Format { get; set; }

    private string ImagePath(string name) => Path.Combine(_dir, name + (Format is DiskFormat.Vhd or DiskFormat.VhdDynamic ? ".vhd" : ".vmdk"));

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("disk-throughput-").FullName;
        new Random(1).NextBytes(_buffer);
        using (var disk = DiskImage.Create(ImagePath("read"), Format, Size)) WriteAll(disk);
        using (var f = new FileStream(Path.Combine(_dir, "read.raw"), FileMode.Create)) WriteAll(f);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [IterationSetup(Targets = [nameof(FileStreamWrite), nameof(DiskWrite)])]
    public void FreshTargets()
    {
        foreach (var f in Directory.GetFiles(_dir, "write*")) File.Delete(f);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("write")]
    public void FileStreamWrite()
    {
        // No fsync on either side: the page-cache path is what is compared.
        using var f = new FileStream(Path.Combine(_dir, "write.raw"), FileMode.CreateNew);
        WriteAll(f);
    }

    [Benchmark, BenchmarkCategory("write")]
    public void DiskWrite()
    {
        using var disk = DiskImage.Create(ImagePath("write"), Format, Size);
        WriteAll(disk);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("read")]
    public long FileStreamRead()
    {
        using var f = new FileStream(Path.Combine(_dir, "read.raw"), FileMode.Open, FileAccess.Read);
        long sum = 0;
        for (var at = 0L; at < Size; at += Chunk)
        {
            f.ReadExactly(_buffer);
            sum += _buffer[0];
        }
        return sum;
    }

    [Benchmark, BenchmarkCategory("read")]
    public long DiskRead()
    {
        using var disk = DiskImage.Open(ImagePath("read"), writable: false);
        long sum = 0;
        for (var at = 0L; at < Size; at += Chunk)
        {
            disk.Read(at, _buffer);
            sum += _buffer[0];
        }
        return sum;
    }

    private void WriteAll(IBlockDevice disk)
    {
        for (var at = 0L; at < Size; at += Chunk) disk.Write(at, _buffer);
    }

    private void WriteAll(Stream f)
    {
        for (var at = 0L; at < Size; at += Chunk) f.Write(_buffer);
    }
}
