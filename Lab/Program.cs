namespace Failback.Lab;

/// <summary>The lab host: <c>drill lab ...</c> routes here (Scenarios cannot reference Lab).</summary>
public static class Program
{
    public static int Main(string[] args) => Cli.LabCommandLine.Run(args);
}
