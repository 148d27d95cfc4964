using Failback.Scenarios.Cli;

namespace Failback.Scenarios.Tests;

/// <summary>The drill command in-process, with what it printed on standard output and standard error.</summary>
internal static class Cli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (previousOut, previousError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (Program.Main(args), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }

    /// <summary>A bad-input refusal: exit 2 and exactly one line on standard error, nothing on standard output.</summary>
    public static string Refused(params string[] args)
    {
        var (code, output, error) = Run(args);
        Xunit.Assert.True(code == 2, $"exit {code}, expected 2; stderr: {error}");
        Xunit.Assert.Equal("", output);
        Xunit.Assert.Single(error.TrimEnd('\n').Split('\n'));
        Xunit.Assert.StartsWith("drill: ", error);
        return error;
    }
}
