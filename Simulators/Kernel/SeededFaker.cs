using Bogus;

namespace Failback.Simulators.Kernel;

/// <summary>Bogus generators whose every draw comes from a kernel sub-stream.</summary>
public static class SeededFaker
{
    public static Faker Create(ChoiceStream stream, string locale = "en") =>
        new(locale) { Random = new Randomizer(stream.BogusSeed()) };

    public static Faker<T> For<T>(ChoiceStream stream) where T : class =>
        new Faker<T>().UseSeed(stream.BogusSeed());
}
