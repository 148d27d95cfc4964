using Failback.Engine.Orchestration.Items;

namespace Failback.Engine.Orchestration.Operations;

/// <summary>The inputs of reprotect (ASR's ReverseReplicate); the direction says which leg of the cycle.</summary>
public abstract record ReprotectInput
{
    public abstract ReplicationDirection Direction { get; }
}
