using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Failback.Lab.Http;
using Failback.Lab.Sessions;
using Failback.Scenarios.Cli;

namespace Failback.Lab.Bench;

/// <summary>
/// <c>drill lab bench latency | capacity | replay</c>: the latency of an API command in a paced lab whose VMs churn,
/// how many paced labs one host keeps up with, and how long a lab that ran a working day takes to replay.
/// </summary>
internal static class LabBenchmark
{
    public const string Usage = """
          bench latency [--vms 10] [--commands 400] [--speed 60]    p50/p99 of a step posted to a paced lab whose VMs churn
          bench capacity [--vms 4] [--speed 60] [--seconds 10]      how many such labs this host runs without falling behind
          bench replay [--vms 4] [--hours 8|1,2,8] [--speed 60]     reopen a lab that ran HOURS of wall time at SPEED

        """;

    public static int Run(ArgReader args)
    {
        var which = args.Remaining.FirstOrDefault() ?? throw new UsageException("bench needs latency, capacity or replay.");
        args = new ArgReader(args.Remaining.Skip(1));
        return which switch
        {
            "latency" => Latency(args),
            "capacity" => Capacity(args),
            "replay" => Replay(args),
            _ => throw new UsageException($"unknown benchmark '{Terminal.Escape(which)}'; use latency, capacity or replay."),
        };
    }

    private static int Latency(ArgReader args)
    {
        var vms = Int(args, "--vms", 10);
        var commands = Int(args, "--commands", 400);
        var speed = args.DoubleOption("--speed") ?? 60;
        args.Positionals(0, 0, "");
        using var folder = new TempFolder();
        var drill = WriteDrill(folder.Path, vms);
        using var registry = new LabRegistry(Path.Combine(folder.Path, "labs"));
        var host = LabHost.StartAsync(registry, new LabHostOptions { Port = 0 }).GetAwaiter().GetResult();
        try
        {
            var lab = registry.CreateAsync("bench", drill, null, speed).GetAwaiter().GetResult();
            using var http = new HttpClient { BaseAddress = new Uri(host.Url) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", lab.TraineeToken);
            var times = new List<double>();
            for (var i = 0; i < commands + 20; i++)
            {
                var body = string.Create(CultureInfo.InvariantCulture, $"{{\"write\": {{\"vm\": \"vm-{i % vms + 1:00}\", \"offset\": \"{i % 60}MiB\", \"size\": \"4KiB\"}}}}");
                var watch = Stopwatch.StartNew();
                using var response = http.PostAsync("/lab/v1/labs/bench/steps", new StringContent(body, Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
                var elapsed = watch.Elapsed.TotalMilliseconds;
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{body}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
                if (i >= 20) times.Add(elapsed);
                Thread.Sleep(10);
            }
            times.Sort();
            var session = lab.Session;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"latency: {commands} write steps posted over HTTP to a lab of {vms} churning VMs at {speed}x: p50 {Percentile(times, 0.5):F2} ms, p99 {Percentile(times, 0.99):F2} ms, max {times[^1]:F2} ms; the lab reached +{session.Now:c}, behind by {session.Behind.TotalSeconds:F1} s"));
            return 0;
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static int Capacity(ArgReader args)
    {
        var vms = Int(args, "--vms", 4);
        var speed = args.DoubleOption("--speed") ?? 60;
        var seconds = Int(args, "--seconds", 10);
        args.Positionals(0, 0, "");
        using var folder = new TempFolder();
        var drill = WriteDrill(folder.Path, vms);
        var sustained = 0;
        for (var labs = 1; labs <= 64; labs *= 2)
        {
            using var registry = new LabRegistry(Path.Combine(folder.Path, $"labs-{labs}"));
            var sessions = Enumerable.Range(0, labs).Select(i => registry.CreateAsync($"lab-{i}", drill, (ulong)i + 1, speed).GetAwaiter().GetResult().Session).ToList();
            var start = sessions.Select(s => s.Now).ToList();
            var watch = Stopwatch.StartNew();
            var worst = TimeSpan.Zero;
            while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                Thread.Sleep(250);
                if (watch.Elapsed > TimeSpan.FromSeconds(2)) worst = sessions.Max(s => s.Behind) is var b && b > worst ? b : worst;
            }
            var wall = watch.Elapsed.TotalSeconds;
            var slowest = sessions.Select((s, i) => (s.Now - start[i]).TotalSeconds / wall).Min();
            // Keeping up: every lab moved at 95% of its pace at least, and none fell more than 10 virtual seconds behind.
            var keeps = slowest >= speed * 0.95 && worst <= TimeSpan.FromSeconds(10);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"capacity: {labs} labs of {vms} churning VMs at {speed}x for {wall:F1} s: slowest lab {slowest:F1}x, worst lag {worst.TotalSeconds:F1} virtual s: {(keeps ? "keeps up" : "falls behind")}"));
            if (!keeps) break;
            sustained = labs;
        }
        Console.Out.WriteLine($"capacity: this host sustains {sustained} labs of {vms} VMs at {speed.ToString(CultureInfo.InvariantCulture)}x ({Environment.ProcessorCount} cores)");
        return 0;
    }

    private static int Replay(ArgReader args)
    {
        var vms = Int(args, "--vms", 4);
        var hours = HoursList(args.Option("--hours") ?? "8");
        var speed = args.DoubleOption("--speed") ?? 60;
        args.Positionals(0, 0, "");
        using var folder = new TempFolder();
        var drill = WriteDrill(folder.Path, vms);
        using var registry = new LabRegistry(Path.Combine(folder.Path, "labs"));
        var all = true;
        foreach (var h in hours)
        {
            var name = $"day-{h}";
            var lab = registry.CreateAsync(name, drill, null, 0).GetAwaiter().GetResult().Session;
            // A paced lab journals its time once a wall second: a working day at SPEED is that many advances of SPEED seconds.
            var watch = Stopwatch.StartNew();
            var advances = h * 3600;
            for (var i = 0; i < advances; i++) lab.AdvanceAsync(TimeSpan.FromSeconds(speed)).GetAwaiter().GetResult();
            var live = watch.Elapsed;
            var hash = lab.TraceHashAsync().GetAwaiter().GetResult();
            registry.Close(name);
            // Wall time depends on what else the machine runs; the process's CPU time for the reopen much less so.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            watch.Restart();
            var reopened = registry.OpenAsync(name).GetAwaiter().GetResult();
            var replay = watch.Elapsed;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var same = reopened.TraceHashAsync().GetAwaiter().GetResult() == hash;
            all &= same;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"replay: a lab of {vms} churning VMs that ran {h} h at {speed}x (+{reopened.Now:c} virtual, {advances} journaled advances; the kernel ran it in {live.TotalSeconds:F1} s) reopens in {replay.TotalSeconds:F1} s ({cpu.TotalSeconds:F1} CPU-s); same trace hash: {same}; load average {LoadAverage()} on {Environment.ProcessorCount} cores"));
            registry.Close(name);
        }
        return all ? 0 : 1;
    }

    /// <summary>"8" or "1,2,8": each a number of wall hours.</summary>
    private static List<int> HoursList(string text)
    {
        var hours = new List<int>();
        foreach (var part in text.Split(','))
            hours.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h is >= 1 and <= 24
                ? h : throw new UsageException($"--hours takes whole hours from 1 to 24, comma-separated (1,2,8), not '{Terminal.Escape(text)}'."));
        return hours;
    }

    /// <summary>The one-minute load average (Linux), or "unknown".</summary>
    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary>A lab drill of <paramref name="vms"/> VMs protected to Azure, each writing 64 KiB a minute for 30 days.</summary>
    public static string DrillText(int vms)
    {
        var names = Enumerable.Range(1, vms).Select(i => $"vm-{i:00}").ToList();
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"title: Lab benchmark - {vms} VMs protected to Azure, churning");
        s.AppendLine("""
            seed: 1
            topology:
              vcenters: [{name: vcsa-01.lab.local}]
              hosts: [{name: esxi-01.lab.local, vcenter: vcsa-01.lab.local, version: 7.0.0, edition: enterprise}]
              datastores: [{name: DS1, hosts: [esxi-01.lab.local], capacity: 1TiB}]
              vms:
                - {name: mt-01, host: esxi-01.lab.local, datastore: DS1, os: windows9Server64Guest, disks: [1MiB], memory: 8GiB, ip: 10.0.0.50}
            """);
        for (var i = 0; i < vms; i++)
            s.AppendLine(CultureInfo.InvariantCulture, $"    - {{name: {names[i]}, host: esxi-01.lab.local, datastore: DS1, os: centos7_64Guest, disks: [64MiB], ip: 10.0.5.{i + 1}}}");
        s.AppendLine("""
              azure: {}
              process-servers: [{name: ps-onprem, ip: 10.0.9.6}, {name: ps-azure, location: azure}]
              master-targets: [{vm: mt-01, retention: "R:"}]
            steps:
            """);
        s.AppendLine($"  - enable-protection: {{vm: [{string.Join(", ", names)}], process-server: ps-onprem}}");
        foreach (var n in names) s.AppendLine($"  - wait-for-replication: {{vm: {n}}}");
        foreach (var n in names) s.AppendLine($"  - workload: {{vm: {n}, rate: 1KiB/s, for: 30d, block: 64KiB, every: 1m}}");
        return s.ToString();
    }

    private static string WriteDrill(string folder, int vms)
    {
        var path = Path.Combine(folder, $"bench-{vms}.yaml");
        File.WriteAllText(path, DrillText(vms));
        return path;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static int Int(ArgReader args, string name, int fallback)
    {
        var v = args.UInt64Option(name) ?? (ulong)fallback;
        return v is >= 1 and <= 100_000 ? (int)v : throw new UsageException($"{name} must be 1..100000, not {v}.");
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("lab-bench-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
