using System.Text;
using Failback.Scenarios.Language;
using Failback.Scenarios.Running;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// Seeded mutants of every drill (bytes flipped, YAML punctuation and hostile tokens inserted, spans deleted,
/// duplicated or cut off) bound in-process: each binds or is refused with a located <see cref="ScenarioError"/>;
/// nothing else escapes. Before the parser's hardening, 39 of 400 such mutants aborted the drill (exit 134).
/// </summary>
public sealed class ScenarioFuzzTests
{
    private static readonly string[] Tokens =
    [
        "[", "{", "]", "}", "\0", "\u001b", "&a ", "*a", "!!binary ", "? ", ": ", "- ", "\t", "\"", "'", "99999999999999999999",
        "1e309", "-1", "NaN", "\n  ", "%YAML 1.1\n", "---\n", "...\n", "|\n", ">-\n", "\uFEFF", "\uD800", "99999999999999999999d",
        "999999TiB/s", "1ms", "../../../etc/passwd", "/dev/zero",
    ];

    public static IEnumerable<object[]> Drills() => DrillData.DrillFiles();

    [Theory]
    [MemberData(nameof(Drills))]
    public void MutantsBindOrAreRefusedWithAPosition(string drill)
    {
        var path = Path.Combine(RepoRoot.Drills, drill);
        var original = File.ReadAllText(path);
        var random = new Random(drill.Aggregate(17, (h, c) => h * 31 + c));
        var (bound, refused) = (0, 0);
        for (var i = 0; i < 60; i++)
        {
            var text = Mutate(original, random);
            try
            {
                BoundScenario.Parse(path, text);
                bound++;
            }
            catch (ScenarioError e)
            {
                Assert.True(e.Line >= 1 && e.Column >= 1, $"mutant {i}: position {e.Line}:{e.Column}");
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"mutant {i} of {drill} escaped with {e.GetType().Name}: {e.Message}\n---\n{text}");
            }
        }
        Assert.Equal(60, bound + refused);
        Assert.True(refused > 0, "no mutant was refused: the mutations do not reach the parser");
    }

    private static string Mutate(string text, Random random)
    {
        var s = new StringBuilder(text);
        for (var n = random.Next(1, 5); n > 0; n--)
        {
            var p = random.Next(s.Length + 1);
            switch (random.Next(5))
            {
                case 0:
                case 1:
                    s.Insert(p, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 2:
                    s.Remove(Math.Min(p, s.Length), Math.Min(random.Next(1, 20), s.Length - Math.Min(p, s.Length)));
                    break;
                case 3 when p < s.Length:
                    s[p] = (char)random.Next(0, 256);
                    break;
                default:
                    var q = random.Next(s.Length + 1);
                    s.Insert(p, s.ToString(q, Math.Min(random.Next(1, 60), s.Length - q)));
                    break;
            }
        }
        return s.ToString();
    }
}
