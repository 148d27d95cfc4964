using System.Globalization;
using System.Text;

namespace Failback.Scenarios.Cli;

/// <summary>
/// Text from files (scenario values, titles, paths) shown on a terminal: NULs, escape sequences and other control
/// characters are written as <c>\0</c>, <c>\x1b</c>, <c>\u0085</c>, so a file cannot move the cursor, recolour or
/// clear the screen. Line breaks and tabs stay where the text is multi-line.
/// </summary>
internal static class Terminal
{
    public static string Escape(string text, bool keepLines = false)
    {
        if (!text.Any(c => char.IsControl(c) && !(keepLines && c is '\n' or '\t'))) return text;
        var s = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!char.IsControl(c) || (keepLines && c is '\n' or '\t')) s.Append(c);
            else if (c == '\0') s.Append("\\0");
            else if (c == '\n') s.Append("\\n");
            else if (c == '\r') s.Append("\\r");
            else if (c == '\t') s.Append("\\t");
            else if (c < 0x100) s.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            else s.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
        }
        return s.ToString();
    }

    /// <summary>One error line on standard error, prefixed with <c>drill: </c>.</summary>
    public static void Error(string message) => Console.Error.WriteLine($"drill: {Escape(message)}");
}
