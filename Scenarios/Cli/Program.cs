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
                "run" => RunCommand.Run(new ArgReader(rest)),
                "list" => ListCommand.Run(new ArgReader(rest)),
                "explore" => ExploreCommand.Run(new ArgReader(rest)),
                "replay" => ExploreCommand.Replay(new ArgReader(rest)),
                _ => Fail($"unknown command '{args[0]}'.\n\n{Usage}"),
            };
        }
        catch (UsageException e)
        {
            return Fail(e.Message);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"drill: {message}");
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

        exit codes: 0 ok, 1 an expectation or check failed, 2 bad input.

        """;
}
