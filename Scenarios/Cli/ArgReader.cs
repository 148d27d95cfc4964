using System.Globalization;

namespace Failback.Scenarios.Cli;

/// <summary>A small reader for <c>--name value</c>, <c>--flag</c> and positional arguments.</summary>
internal sealed class ArgReader
{
    private readonly List<string> _args;

    public ArgReader(IEnumerable<string> args) => _args = [.. args];

    public bool Flag(string name) => _args.Remove(name);

    /// <summary>The arguments not yet consumed, in order.</summary>
    public IReadOnlyList<string> Remaining => _args;

    public string? Option(string name)
    {
        var i = _args.IndexOf(name);
        if (i < 0) return null;
        if (i + 1 >= _args.Count || _args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new UsageException($"option {name} needs a value.");
        var value = _args[i + 1];
        _args.RemoveRange(i, 2);
        return value;
    }

    public ulong? UInt64Option(string name)
    {
        var text = Option(name);
        if (text is null) return null;
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new UsageException($"option {name} needs a whole number, not '{text}'.");
    }

    public double? DoubleOption(string name)
    {
        var text = Option(name);
        if (text is null) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v > 0
            ? v
            : throw new UsageException($"option {name} needs a positive finite number, not '{text}'.");
    }

    /// <summary>The positional arguments left; fails on any unknown option.</summary>
    public IReadOnlyList<string> Positionals(int min, int max, string what)
    {
        var unknown = _args.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal));
        if (unknown is not null) throw new UsageException($"unknown option '{unknown}'.");
        if (_args.Count < min) throw new UsageException($"missing {what}.");
        if (_args.Count > max) throw new UsageException($"unexpected argument '{_args[max]}'.");
        return _args;
    }
}
