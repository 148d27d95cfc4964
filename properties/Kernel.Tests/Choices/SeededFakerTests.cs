using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Kernel.Tests.Choices;

public sealed class SeededFakerTests
{
    public sealed class Host
    {
        public string Name { get; set; } = "";
        public string Ip { get; set; } = "";
        public int Cores { get; set; }
    }

    private static List<string> Inventory(ulong seed)
    {
        var choices = new SeededChoices(seed);
        var faker = SeededFaker.Create(choices.Stream("inventory"));
        var hosts = SeededFaker.For<Host>(choices.Stream("hosts"))
            .RuleFor(h => h.Name, f => f.Internet.DomainWord())
            .RuleFor(h => h.Ip, f => f.Internet.Ip())
            .RuleFor(h => h.Cores, f => f.Random.Int(8, 64));
        return [faker.Name.FullName(), faker.Company.CompanyName(), faker.Random.Hash(), .. hosts.Generate(5).Select(h => $"{h.Name} {h.Ip} {h.Cores}")];
    }

    [Fact]
    public void SameSeed_GivesTheSameFakeData_AnotherSeedOther()
    {
        var first = Inventory(21);
        Assert.Equal(first, Inventory(21));
        Assert.NotEqual(first, Inventory(22));
        Assert.Equal(8, first.Distinct().Count());
    }

    [Fact]
    public void FakeData_DoesNotDependOnBogusGlobalSeed()
    {
        var before = Inventory(3);
        Bogus.Randomizer.Seed = new Random(12345);
        Assert.Equal(before, Inventory(3));
    }

    [Fact]
    public void FakeDates_AreRelativeToVirtualTime_NotTheWallClock()
    {
        var noClock = SeededFaker.Create(new ChoiceStream("dates", 1)).Date.Past();
        Assert.Equal(noClock, SeededFaker.Create(new ChoiceStream("dates", 1)).Date.Past());
        Assert.InRange(noClock, VirtualClock.DefaultEpoch.UtcDateTime.AddYears(-1), VirtualClock.DefaultEpoch.UtcDateTime);

        var clock = new VirtualClock(new DateTimeOffset(2031, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var now = clock.GetUtcNow().UtcDateTime;
        var recent = SeededFaker.Create(new ChoiceStream("dates", 2), clock).Date.Recent(days: 3);
        Assert.InRange(recent, now.AddDays(-3), now);

        var built = SeededFaker.For<Host>(new ChoiceStream("hosts", 3), clock)
            .RuleFor(h => h.Name, f => f.Date.Soon(days: 1).ToString("O", System.Globalization.CultureInfo.InvariantCulture))
            .Generate();
        Assert.InRange(DateTime.Parse(built.Name, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind), now, now.AddDays(1));
    }
}
