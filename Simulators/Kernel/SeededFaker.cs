using Bogus;

namespace Failback.Simulators.Kernel;

/// <summary>
/// Bogus generators whose every draw comes from a kernel sub-stream. Bogus dates (Date.Past, Date.Recent,
/// ...) are relative to a reference instant, never the wall clock: the virtual clock's now when one is
/// given, else the kernel's default epoch.
/// </summary>
public static class SeededFaker
{
    public static Faker Create(ChoiceStream stream, string locale = "en") =>
        new(locale) { Random = new Randomizer(stream.BogusSeed()), DateTimeReference = VirtualClock.DefaultEpoch.UtcDateTime };

    /// <summary>A faker whose dates are relative to <paramref name="clock"/>'s now at creation.</summary>
    public static Faker Create(ChoiceStream stream, TimeProvider clock, string locale = "en")
    {
        ArgumentNullException.ThrowIfNull(clock);
        var faker = Create(stream, locale);
        faker.DateTimeReference = clock.GetUtcNow().UtcDateTime;
        return faker;
    }

    public static Faker<T> For<T>(ChoiceStream stream) where T : class =>
        new Faker<T>().UseSeed(stream.BogusSeed()).UseDateTimeReference(VirtualClock.DefaultEpoch.UtcDateTime);

    /// <summary>A Faker&lt;T&gt; whose dates are relative to <paramref name="clock"/>'s now at creation.</summary>
    public static Faker<T> For<T>(ChoiceStream stream, TimeProvider clock) where T : class
    {
        ArgumentNullException.ThrowIfNull(clock);
        return For<T>(stream).UseDateTimeReference(clock.GetUtcNow().UtcDateTime);
    }
}
