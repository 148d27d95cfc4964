using System.Text;

namespace Failback.Simulators.Kernel;

/// <summary>
/// One 64-bit master seed and named, stable sub-streams. A stream's seed depends only on the master
/// seed and its own name, so adding a consumer never shifts what the others draw.
/// </summary>
public sealed class SeededChoices(ulong seed)
{
    private readonly Dictionary<string, ChoiceStream> _streams = new(StringComparer.Ordinal);

    public ulong Seed { get; } = seed;

    /// <summary>The stream named <paramref name="name"/>; the same name returns the same stream.</summary>
    public ChoiceStream Stream(string name)
    {
        if (!_streams.TryGetValue(name, out var stream))
            _streams[name] = stream = new ChoiceStream(name, DeriveSeed(Seed, name));
        return stream;
    }

    /// <summary>SplitMix64 finalizer over the master seed mixed with the FNV-1a hash of the name.</summary>
    public static ulong DeriveSeed(ulong master, string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return ChoiceStream.Mix(master ^ ChoiceStream.Mix(hash));
    }
}
