using Failback.Scenarios.Docs;

namespace Failback.Scenarios.Cli;

/// <summary>
/// <c>drill schema [--tables]</c>: the drill language's JSON Schema (Scenarios/scenario.schema.json), or with
/// <c>--tables</c> the README's tables of steps, faults and expectations, both from the binders' declarations.
/// </summary>
internal static class SchemaCommand
{
    public static int Run(ArgReader args)
    {
        var tables = args.Flag("--tables");
        args.Positionals(0, 0, "nothing");
        Console.Out.Write(tables ? LanguageDocs.Tables() : LanguageDocs.Schema());
        return ExitCodes.Ok;
    }
}
