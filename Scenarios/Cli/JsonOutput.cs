using System.Text;
using System.Text.Json;

namespace Failback.Scenarios.Cli;

/// <summary>Prints one JSON document written by hand on a <see cref="Utf8JsonWriter"/> (no reflection: the CLI is compiled ahead of time).</summary>
internal static class JsonOutput
{
    public static void Print(Action<Utf8JsonWriter> body, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented })) body(w);
        Console.Out.Write(Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }
}
