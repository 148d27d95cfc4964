namespace Failback.TestKit;

/// <summary>A scratch folder per test, removed afterwards.</summary>
public sealed class Scratch : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("disks-test-").FullName;

    public string this[string name] => Path.Combine(Dir, name);

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
