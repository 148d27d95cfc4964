namespace Failback.Engine.Orchestration.Errors;

/// <summary>
/// An operation refused before it started (not allowed in the item's state, bad input), or a step that
/// failed with an error ASR documents. Ports and the data plane throw it to fail a job with a known code.
/// </summary>
public sealed class AsrException(AsrError error) : Exception(error?.ToString())
{
    public AsrError Error { get; } = error ?? throw new ArgumentNullException(nameof(error));
}
