namespace Failback.Scenarios.World;

/// <summary>
/// The fresh folder one run works in (datastores, storage, databases); deleted afterwards unless kept.
/// Its absolute path never reaches the report or the trace: both name it <c>$RUN</c>.
/// </summary>
public sealed class RunFolder : IDisposable
{
    public RunFolder(bool keep)
    {
        Path = Directory.CreateTempSubdirectory("drill-").FullName;
        Keep = keep;
    }

    public string Path { get; }
    public bool Keep { get; }

    public string Relative(string text) => text.Replace(Path, "$RUN", StringComparison.Ordinal);

    public void Dispose()
    {
        if (!Keep && Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
