using Failback.Engine.Ports;

namespace Failback.Disks.Tests;

/// <summary>Random writes applied both to a disk and to a plain byte-array model of it.</summary>
internal sealed class Writes(int seed)
{
    private readonly Random _random = new(seed);

    public void Apply(IBlockDevice disk, byte[] model, int count, int maxLength = 300_000)
    {
        for (var i = 0; i < count; i++)
        {
            var length = _random.Next(1, Math.Min(maxLength, model.Length));
            var offset = _random.NextInt64(0, model.Length - length + 1);
            // Unaligned writes most of the time; grain-aligned ones exercise the whole-grain path.
            if (i % 3 == 0)
            {
                offset = offset / 65536 * 65536;
                length = Math.Min(length / 65536 * 65536 + 65536, (int)(model.Length - offset));
            }
            var data = new byte[length];
            _random.NextBytes(data);
            disk.Write(offset, data);
            data.CopyTo(model, offset);
        }
    }
}
