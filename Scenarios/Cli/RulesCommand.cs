using Failback.Scenarios.Docs;

namespace Failback.Scenarios.Cli;

/// <summary><c>drill rules</c>: prints the rule catalog as Markdown (the content of Scenarios/rules.md).</summary>
internal static class RulesCommand
{
    public static int Run(ArgReader args)
    {
        args.Positionals(0, 0, "nothing");
        Console.Out.Write(RuleBook.Markdown());
        return ExitCodes.Ok;
    }
}
