using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using Failback.Lab.Http;
using Failback.Lab.Sessions;
using Failback.Scenarios.Cli;
using Failback.Scenarios.Language;

namespace Failback.Lab.Cli;

/// <summary><c>drill lab serve | create | list | pause | resume | speed | advance | delete | export</c>.</summary>
public static class LabCommandLine
{
    public const string Usage = """
        usage: drill lab <command> [--dir DIR] ...   (DIR: the labs' folder, default labs/)

          serve [--port P] [--address A --certificate FILE.pfx]   serve the labs' HTTP API on 127.0.0.1:P (default 5080);
                                                   another address only over HTTPS
                [--https]                          HTTPS with a self-signed certificate made in DIR (its PEM's path is
                                                   printed); the Azure SDKs need HTTPS for the ARM API
          create FILE [--name NAME] [--seed N] [--speed 60x | --manual]
                                                   a lab from a drill file (its topology and steps are the starting state);
                                                   prints the trainee and instructor tokens, shown only this once
          list [--json]                            the labs: title, pace, whether paused
          pause NAME | resume NAME                 stop or restart a paced lab's time
          speed NAME 60x | manual                  change the pace
          advance NAME 30m                         move a lab's virtual time on (a manual lab's only way)
          export NAME                              the session as a drill (standard output); drill run of it ends in the lab's state
          delete NAME                              the lab and its journal

        pause, resume, speed and advance of a lab that `drill lab serve` serves go through that host's API (its control
        file DIR/.host, readable only by you); export and delete need a lab no host serves. exit codes: 0 ok, 2 bad input.

        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.Write(Usage + Bench.LabBenchmark.Usage);
            return args.Length == 0 ? 2 : 0;
        }
        try
        {
            var rest = new ArgReader(args[1..]);
            var dir = rest.Option("--dir") ?? "labs";
            return args[0] switch
            {
                "serve" => Serve(dir, rest),
                "create" => Create(dir, rest),
                "list" => List(dir, rest),
                "pause" => WithLab(dir, rest, s => s.PauseAsync(), """{"pause": true}""", name => $"lab {name} paused."),
                "resume" => WithLab(dir, rest, s => s.ResumeAsync(), """{"pause": false}""", name => $"lab {name} resumed."),
                "speed" => Speed(dir, rest),
                "advance" => Advance(dir, rest),
                "export" => Export(dir, rest),
                "delete" => Delete(dir, rest),
                "bench" => Bench.LabBenchmark.Run(rest),
                _ => throw new UsageException($"unknown lab command '{Terminal.Escape(args[0])}'; see drill lab --help."),
            };
        }
        catch (UsageException e)
        {
            Terminal.Error("lab: " + e.Message);
            return 2;
        }
        catch (LabInputException e)
        {
            Terminal.Error($"lab: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Terminal.Error($"lab {args[0]} failed: {e.Message} ({e.GetType().Name}); please report this with the command line.");
            return 2;
        }
    }

    private static int Serve(string dir, ArgReader args)
    {
        var port = (int)(args.UInt64Option("--port") ?? 5080);
        if (port is < 1 or > 65535) throw new UsageException($"--port must be 1..65535, not {port}.");
        var addressText = args.Option("--address");
        var address = IPAddress.Loopback;
        if (addressText is not null && !IPAddress.TryParse(addressText, out address!))
            throw new UsageException($"--address must be an IP address such as 127.0.0.1 or 0.0.0.0, not '{Terminal.Escape(addressText)}'.");
        var certificate = args.Option("--certificate");
        var https = args.Flag("--https");
        args.Positionals(0, 0, "");
        using var registry = new LabRegistry(dir);
        string? pem = null;
        if (https && certificate is null)
        {
            (certificate, pem) = Arm.LabCertificate.Ensure(registry.Folder);
            Console.Out.WriteLine($"drill lab: HTTPS with the lab's self-signed certificate; clients trust {pem} (Node.js: NODE_EXTRA_CA_CERTS={pem})");
        }
        var stop = new TaskCompletionSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        LabHost host;
        try
        {
            host = LabHost.StartAsync(registry, new LabHostOptions
            {
                Address = address, Port = port, CertificatePath = certificate,
                CertificatePassword = Environment.GetEnvironmentVariable("LAB_CERTIFICATE_PASSWORD"),
            }).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            throw new UsageException($"cannot listen on {address}:{port}: {e.Message.TrimEnd('.')}; is another host serving there? Choose another with --port.");
        }
        // drill lab pause|resume|speed|advance of a lab served here come through the API with the control file's token.
        var url = address.Equals(IPAddress.Any) ? host.Url.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)
            : address.Equals(IPAddress.IPv6Any) ? host.Url.Replace("[::]", "[::1]", StringComparison.Ordinal) : host.Url;
        registry.Control = HostControl.Write(registry.Folder, url, pem);
        Console.Out.WriteLine($"drill lab: serving the labs of {registry.Folder} on {host.Url}/lab/v1/labs/NAME, the portal on {host.Url}/portal/NAME (Ctrl-C stops; the labs' time is journaled)");
        Console.Out.WriteLine($"drill lab: the class (every lab and its score) on {host.Url}/portal/_class with the class token {registry.Control.Token} (it opens every lab here as its instructor until this host stops)");
        Console.Out.Flush();
        stop.Task.Wait();
        registry.Control.Delete(registry.Folder);
        host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }

    private static int Create(string dir, ArgReader args)
    {
        var name = args.Option("--name");
        var seed = args.UInt64Option("--seed");
        var manual = args.Flag("--manual");
        var speedText = args.Option("--speed");
        if (manual && speedText is not null) throw new UsageException("give either --speed or --manual, not both.");
        var speed = manual ? 0 : speedText is null ? 60 : ParseSpeed(speedText);
        var file = args.Positionals(1, 1, "the drill file (drill lab create FILE)")[0];
        name ??= DefaultName(file);
        using var registry = new LabRegistry(dir);
        var created = registry.CreateAsync(name, file, seed, speed).GetAwaiter().GetResult();
        Console.Out.WriteLine($"""
            lab {name} created from {Terminal.Escape(file)} (seed {created.Session.Seed}, {(speed == 0 ? "manual time" : $"{speed.ToString(CultureInfo.InvariantCulture)}x")}) in {registry.Folder}
            trainee token:    {created.TraineeToken}
            instructor token: {created.InstructorToken}
            (shown only now: the lab keeps their SHA-256)
            """);
        return 0;
    }

    private static int List(string dir, ArgReader args)
    {
        var json = args.Flag("--json");
        args.Positionals(0, 0, "");
        using var registry = new LabRegistry(dir);
        var labs = registry.List();
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(labs.Select(l => new { name = l.Name, title = l.Title, file = l.File, seed = l.Seed, speed = l.Speed, manual = l.Speed == 0, paused = l.Paused })));
            return 0;
        }
        if (labs.Count == 0) Console.Out.WriteLine($"no labs in {registry.Folder}");
        foreach (var l in labs)
            Console.Out.WriteLine($"{l.Name,-24} {(l.Speed == 0 ? "manual" : l.Speed.ToString(CultureInfo.InvariantCulture) + "x"),-8} {(l.Paused ? "paused" : ""),-6} {Terminal.Escape(l.Title)}");
        return 0;
    }

    private static int Speed(string dir, ArgReader args)
    {
        var p = args.Positionals(2, 2, "the lab's name and its speed (drill lab speed NAME 60x | manual)");
        var speed = p[1] == "manual" ? 0 : ParseSpeed(p[1]);
        return WithLab(dir, p[0], s => s.SetSpeedAsync(speed), $$"""{"speed": {{speed.ToString(CultureInfo.InvariantCulture)}}}""", name => $"lab {name} now runs at {(speed == 0 ? "manual time" : $"{speed.ToString(CultureInfo.InvariantCulture)}x")}.");
    }

    private static int Advance(string dir, ArgReader args)
    {
        var p = args.Positionals(2, 2, "the lab's name and a duration (drill lab advance NAME 30m)");
        if (!Quantities.TryParseDuration(p[1], out var by) || by <= TimeSpan.Zero)
            throw new UsageException($"the duration must be positive, such as 90s, 30m or 2h (at most 365d), not '{Terminal.Escape(p[1])}'.");
        return WithLab(dir, p[0], s => s.AdvanceAsync(by), $$"""{"advance": "{{Quantities.FormatDuration(by)}}"}""", name => $"lab {name} advanced by {Quantities.FormatDuration(by)}.");
    }

    private static int Export(string dir, ArgReader args)
    {
        var name = args.Positionals(1, 1, "the lab's name (drill lab export NAME)")[0];
        using var registry = new LabRegistry(dir);
        var session = registry.OpenAsync(name).GetAwaiter().GetResult();
        Console.Out.Write(LabExport.ExportAsync(session).GetAwaiter().GetResult());
        return 0;
    }

    private static int Delete(string dir, ArgReader args)
    {
        var name = args.Positionals(1, 1, "the lab's name (drill lab delete NAME)")[0];
        using var registry = new LabRegistry(dir);
        registry.Delete(name);
        Console.Out.WriteLine($"lab {name} deleted.");
        return 0;
    }

    private static int WithLab(string dir, ArgReader args, Func<LabSession, Task> change, string time, Func<string, string> done) =>
        WithLab(dir, args.Positionals(1, 1, "the lab's name")[0], change, time, done);

    /// <summary>
    /// Opens (replays) a lab no host serves, changes it, journals the change and closes it; a lab a host serves is
    /// changed through that host's API (<paramref name="time"/>, the body of <c>POST .../time</c>), found by its control file.
    /// </summary>
    private static int WithLab(string dir, string name, Func<LabSession, Task> change, string time, Func<string, string> done)
    {
        using var registry = new LabRegistry(dir);
        LabSession session;
        try
        {
            session = registry.OpenAsync(name).GetAwaiter().GetResult();
        }
        catch (LabInputException e) when (e.Code == "LabInUse" && HostControl.Read(registry.Folder) is { } host)
        {
            host.SendTimeAsync(name, time).GetAwaiter().GetResult();
            Console.Out.WriteLine($"{done(name).TrimEnd('.')} (through the host serving it at {host.Url}).");
            return 0;
        }
        change(session).GetAwaiter().GetResult();
        Console.Out.WriteLine(done(name));
        return 0;
    }

    /// <summary><c>60x</c>, <c>60</c> or <c>0.5x</c>: virtual seconds per wall second.</summary>
    internal static double ParseSpeed(string text)
    {
        var number = text.EndsWith('x') ? text[..^1] : text;
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v > 0 && v <= LabSettings.MaxSpeed
            ? v
            : throw new UsageException($"the speed is a pace such as 60x (virtual seconds per wall second, at most {LabSettings.MaxSpeed}x), or --manual; not '{Terminal.Escape(text)}'.");
    }

    /// <summary>A lab named after its drill file: the file's name in lowercase, other characters as '-'.</summary>
    internal static string DefaultName(string file)
    {
        var stem = Path.GetFileNameWithoutExtension(file).ToLowerInvariant();
        var name = new string([.. stem.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        return name.Length == 0 ? "lab" : name[..Math.Min(name.Length, 63)];
    }
}
