namespace Failback.Disks.Tests;

/// <summary>Reads and overwrites bytes of an image file in place, as a corruption or a hostile field would.</summary>
internal static class ImageBytes
{
    public static void Patch(string path, long offset, ReadOnlySpan<byte> bytes)
    {
        using var f = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.Write(f, bytes, offset);
    }

    public static byte[] Read(string path, long offset, int count)
    {
        using var f = File.OpenHandle(path, FileMode.Open);
        var b = new byte[count];
        RandomAccess.Read(f, b, offset);
        return b;
    }
}
