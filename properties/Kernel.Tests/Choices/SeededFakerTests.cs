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
}
