using Failback.Scenarios.World;
using Failback.Simulators.Kernel;
using FsCheck.Xunit;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// A drawn payload is kept as the guest stream's state and made again later: its bytes must be the very bytes the
/// stream would have drawn then, and the stream must go on exactly as if it had drawn them (the drills' traces
/// and disks stay what they were when the guest's bytes were drawn at once).
/// </summary>
public sealed class GuestPayloadTests
{
    [Property(MaxTest = 50)]
    public void ADrawnPayloadIsTheBytesTheStreamWouldDrawAndTheStreamGoesOnAlike(ulong seed, byte sizeA, byte sizeB)
    {
        var drawing = new ChoiceStream("guest", seed);
        var describing = new ChoiceStream("guest", seed);
        foreach (var length in new[] { sizeA * 8 + 512, sizeB + 1 })
        {
            var expected = new byte[length];
            drawing.NextBytes(expected);
            var payload = GuestPayload.Drawn(describing, length);
            describing.Next(1000); // later draws must not change an earlier payload
            drawing.Next(1000);
            Assert.Equal(length, payload.Length);
            Assert.Equal(expected, payload.ToArray());
            Assert.Equal(expected, payload.Bytes(new byte[length + 64]).ToArray());
        }
        Assert.Equal(drawing.NextUInt64(), describing.NextUInt64());
        Assert.Equal(drawing.Draws, describing.Draws);
    }

    [Property(MaxTest = 100)]
    public void AnyPartOfADrawnPayloadIsMadeAloneAsTheWholeWouldMakeIt(ulong seed, ushort size, ushort start, byte length)
    {
        var payload = GuestPayload.Drawn(new ChoiceStream("guest", seed), size + 1);
        var whole = payload.ToArray();
        var from = start % whole.Length;
        var count = Math.Min(length, whole.Length - from);
        var part = new byte[count];
        payload.Fill(from, part);
        Assert.Equal(whole.AsSpan(from, count).ToArray(), part);
        var data = payload.ToWriteData();
        Assert.Equal(whole.Length, data.Length);
        Assert.Equal(whole, data.ToArray());
    }

    [Fact]
    public void ALiteralPayloadIsItsOwnBytes()
    {
        byte[] data = [1, 2, 3];
        var payload = GuestPayload.Literal(data);
        Assert.Same(data, payload.ToArray());
        Assert.Equal(data, payload.Bytes([]).ToArray());
    }
}
