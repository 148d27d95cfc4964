using System.Globalization;

namespace Failback.Simulators.Disks;

/// <summary>
/// An image whose bytes break its format: which file, which field, the value found and the limit it broke.
/// Every parser throws this before it uses a bad value, so no overflow or allocation follows from one.
/// </summary>
public sealed class BadImageException(string path, string field, string value, string limit)
    : IOException($"{path}: {field} is {value}; {limit}.")
{
    public string ImagePath { get; } = path;
    public string Field { get; } = field;
    public string Value { get; } = value;
    public string Limit { get; } = limit;

    public BadImageException(string path, string field, long value, string limit)
        : this(path, field, value.ToString(CultureInfo.InvariantCulture), limit)
    {
    }

    public BadImageException(string path, string field, ulong value, string limit)
        : this(path, field, value.ToString(CultureInfo.InvariantCulture), limit)
    {
    }

    /// <summary>Throws unless <paramref name="ok"/>; the message is only built on failure.</summary>
    internal static void Require(bool ok, string path, string field, long value, string limit)
    {
        if (!ok) throw new BadImageException(path, field, value, limit);
    }
}
