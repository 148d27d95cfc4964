using Failback.Engine.Ports;
using Microsoft.Coyote.Specifications;

namespace Failback.Coyote.Tests.Components;

/// <summary>
/// A process server's cache disk that one replication stream at a time may write to. Guarded by a
/// semaphore no schedule lets two writers in (the invariant the tests check); unguarded (test-only) two
/// streams whose writes overlap in virtual time collide.
/// </summary>
internal sealed class CacheDisk(TimeProvider clock, bool guarded = true)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _writer;

    public int Writes { get; private set; }

    public async Task WriteAsync(string stream, TimeSpan takes)
    {
        if (guarded) await _gate.WaitAsync();
        try
        {
            Specification.Assert(_writer is null, $"{stream} writes to the cache disk while {_writer} does");
            _writer = stream;
            await clock.Delay(takes);
            Specification.Assert(_writer == stream, $"{stream} lost the cache disk to {_writer} mid-write");
            _writer = null;
            Writes++;
        }
        finally
        {
            if (guarded) _gate.Release();
        }
    }
}
