namespace Failback.Engine.Tests.Replication;

/// <summary>A fresh directory under the system temp folder, removed with its contents on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    private static int _counter;

    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"engine-tests-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}");
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
