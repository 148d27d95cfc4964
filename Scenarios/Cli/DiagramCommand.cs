using Failback.Engine.Orchestration.Items;

namespace Failback.Scenarios.Cli;

/// <summary><c>drill diagram</c>: prints the protected item's state machine as a Mermaid state diagram.</summary>
internal static class DiagramCommand
{
    public static int Run(ArgReader args)
    {
        args.Positionals(0, 0, "nothing");
        Console.Out.Write(ProtectedItemMachine.MermaidDiagram());
        return ExitCodes.Ok;
    }
}
