using System.Runtime.InteropServices;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Cli;

/// <summary>The <c>drill</c> command: dispatches to one command per verb.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.Write(Usage);
            return args.Length == 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        }
        // Last resort: whatever escapes the commands' own handling, on any thread, is one line and exit 2, never a stack trace.
        AppDomain.CurrentDomain.UnhandledException += LastResort;
        try
        {
            var rest = args[1..];
            return args[0] switch
            {
                "demo" => DemoCommand.Run(new ArgReader(rest)),
                "disk" => DiskCommand.Run(new ArgReader(rest)),
                "diagram" => DiagramCommand.Run(new ArgReader(rest)),
                "rules" => RulesCommand.Run(new ArgReader(rest)),
                "schema" => SchemaCommand.Run(new ArgReader(rest)),
                "run" => RunSignalled(() => RunCommand.Run(new ArgReader(rest))),
                "list" => ListCommand.Run(new ArgReader(rest)),
                "explore" => RunSignalled(() => ExploreCommand.Run(new ArgReader(rest))),
                "replay" => RunSignalled(() => ExploreCommand.Replay(new ArgReader(rest))),
                _ => Unknown(args[0]),
            };
        }
        catch (UsageException e)
        {
            return Fail(e.Message);
        }
        catch (Exception e) when (RunFolder.IsNoSpace(e))
        {
            Fail(NoSpaceMessage(args[0]));
            return ExitCodes.NoSpace;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail($"{args[0]} failed: {e.Message} ({e.GetType().Name}); please report this with the command line.");
        }
        finally
        {
            AppDomain.CurrentDomain.UnhandledException -= LastResort;
        }
    }

    /// <summary>
    /// Runs a command that creates run folders: folders of earlier drills killed outright are swept first, and Ctrl-C
    /// or SIGTERM deletes this one's before the process ends (exit 130 or 143, as a shell reports a signal).
    /// </summary>
    private static int RunSignalled(Func<int> command)
    {
        RunFolder.SweepOrphans();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        return command();
    }

    private static void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        var left = RunFolder.DeleteAllLive();
        Console.Error.WriteLine(left == 0
            ? $"drill: stopped by {context.Signal}; the run folders were removed."
            : $"drill: stopped by {context.Signal}; {left} run folder(s) could not be removed.");
        Environment.Exit(context.Signal == PosixSignal.SIGINT ? 130 : 143);
    }

    private static void LastResort(object sender, UnhandledExceptionEventArgs e)
    {
        // A run whose folder a signal deleted fails on its way out: the signal's exit is under way, and says why.
        if (RunFolder.Closing) Thread.Sleep(Timeout.Infinite);
        if (e.ExceptionObject is Exception full && RunFolder.IsNoSpace(full))
        {
            Terminal.Error(NoSpaceMessage("the run"));
            RunFolder.DeleteAllLive();
            Environment.Exit(ExitCodes.NoSpace);
        }
        var message = e.ExceptionObject is Exception x ? $"{x.Message} ({x.GetType().Name})" : "an unknown error";
        Terminal.Error($"failed: {message}; please report this with the command line.");
        RunFolder.DeleteAllLive();
        Environment.Exit(ExitCodes.BadInput);
    }

    /// <summary>What to do when the run folder's file system filled up (its images went with the folder).</summary>
    private static string NoSpaceMessage(string command) =>
        $"{command} stopped: no space left where run folders go ({RunFolder.ScratchText()}); the run folder was removed, "
        + "no image of it is kept. Free space there or set TMPDIR to a folder with room for the disks' written bytes and the retention journal.";

    private static int Unknown(string command)
    {
        Fail($"unknown command '{command}'.");
        Console.Error.Write($"\n{Usage}");
        return ExitCodes.BadInput;
    }

    private static int Fail(string message)
    {
        Terminal.Error(message);
        return ExitCodes.BadInput;
    }

    public static readonly string Usage = $"""
        usage: drill <command> [options]

        commands:
        {RunCommand.Usage}
        {ListCommand.Usage}
        {ExploreCommand.Usage}
          demo --seed N [--trace FILE] [--hours H]   a small kernel demo over H (default 24) virtual hours
          diagram                                    the protected item's state machine as a Mermaid diagram
          rules                                      the rule catalog (IDs for covers:) as Markdown, as in Scenarios/rules.md
          schema [--tables]                          the drill language's JSON Schema (or the README's tables of it)
        {DiskCommand.Usage}
          lab ...                                    the live training lab (the drill script runs the lab host: ./drill lab --help)

        exit codes: 0 ok, 1 an expectation or check failed, 2 bad input.

        """;
}
