namespace Failback.Scenarios.Cli;

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    /// <summary>The run folder's file system filled up: the machine, not the scenario, stopped the run.</summary>
    public const int NoSpace = 3;
}
