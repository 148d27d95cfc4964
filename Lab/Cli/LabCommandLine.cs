namespace Failback.Lab.Cli;

/// <summary><c>drill lab serve | create | list | pause | resume | speed | delete | advance | export</c>.</summary>
public static class LabCommandLine
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("drill lab: not built yet");
        return 2;
    }
}
