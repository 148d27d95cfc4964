using Failback.Engine.Ports;
using Failback.Simulators.Kernel;

namespace Failback.Benchmarks;

/// <summary>
/// A fleet guest's block as its description: the workload stream's state and a length (the bytes
/// <see cref="ChoiceStream.NextBytes"/> would draw), made only where they must be real, as a drill's workload does.
/// </summary>
internal sealed class FleetBlock(ulong state, int length) : WriteData
{
    public override int Length => length;
    public override void Fill(int start, Span<byte> destination) => ChoiceStream.FillBytes(state, start, destination);
}
