using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Failback.Simulators.Kernel;
using Failback.Simulators.VCenter;
using Failback.Simulators.VCenter.Generator;

namespace Failback.Benchmarks;

/// <summary>
/// Generating a site of 1,000 VMs, each with a thin 100 GiB VMDK (100 TiB provisioned), on real files:
/// time and managed allocation from BenchmarkDotNet, disk space (what the files really occupy, from
/// <c>du</c>) printed after the run. Run: <c>dotnet run -c Release --project benchmarks -- --filter '*VCenterInventory*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class VCenterInventoryBenchmark
{
    private string _root = "";

    [Params(1000)]
    public int Vms { get; set; }

    [IterationSetup]
    public void Setup() => _root = Path.Combine(Path.GetTempPath(), $"vcenter-bench-{Environment.ProcessId}");

    [Benchmark]
    public int Generate()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        var site = new VSphereSite(sim, new VSphereSiteOptions { RootDirectory = _root });
        InventoryGenerator.Generate(site, new InventorySpec
        {
            VCenters = 1,
            ClustersPerDatacenter = 4,
            HostsPerCluster = 8,
            DatastoresPerCluster = 4,
            Vms = Vms,
            DiskCapacity = 100L << 30,
            ThinDisks = true,
        });
        return site.Vms.Count();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        var files = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Count();
        Console.WriteLine($"// vcenter-bench: {Vms} VMs, {files} files, {Du("--apparent-size")} bytes apparent, {Du()} bytes on disk");
        Directory.Delete(_root, recursive: true);
    }

    private string Du(string? flag = null)
    {
        var start = new ProcessStartInfo("du") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-s");
        start.ArgumentList.Add("--block-size=1");
        if (flag is not null) start.ArgumentList.Add(flag);
        start.ArgumentList.Add(_root);
        using var du = Process.Start(start)!;
        var output = du.StandardOutput.ReadToEnd();
        du.WaitForExit();
        return output.Split('\t')[0];
    }
}
