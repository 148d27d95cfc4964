namespace Failback.Scenarios.Steps;

/// <summary>
/// The names a drill's steps define as they are bound in order (recovery plans, configuration server backups,
/// process servers deployed in Azure, port blocks), so that a later step naming one that no earlier step defines
/// is refused at binding with its position instead of failing at run time.
/// </summary>
internal sealed class StepNames
{
    public HashSet<string> Plans { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Backups { get; } = new(StringComparer.Ordinal);
    public HashSet<string> DeployedProcessServers { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Blocks { get; } = new(StringComparer.Ordinal);
    public HashSet<string> RunAsAccounts { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the step being bound declares <c>fails-with</c>: a reference it makes to something the drill does not
    /// define is then left to the engine's own check (a drill may test that refusal, e.g. PRE-5 or LOC-4).
    /// </summary>
    public bool ExpectsFailure { get; set; }

    /// <summary>Refuses <paramref name="node"/> with <paramref name="message"/> unless the step expects to fail.</summary>
    public string Known(Language.Node node, bool defined, Func<string> message) =>
        defined || ExpectsFailure ? node.AsString() : throw node.Error(message());

    /// <summary>The names so far, for an error message.</summary>
    public static string List(IEnumerable<string> names, string none) => names.Any() ? string.Join(", ", names.Order(StringComparer.Ordinal)) : none;
}
