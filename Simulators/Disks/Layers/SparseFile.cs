using System.Runtime.InteropServices;
using Failback.Engine.Ports;
using Microsoft.Win32.SafeHandles;

namespace Failback.Simulators.Disks.Layers;

/// <summary>
/// The data and holes of a sparse file (lseek SEEK_DATA/SEEK_HOLE), as qemu's file driver sees them, so a
/// thin flat extent reports only what was written.
/// </summary>
internal static partial class SparseFile
{
    private const int SeekData = 3, SeekHole = 4;
    private const int ENXIO = 6;

    [LibraryImport("libc", SetLastError = true)]
    private static partial long lseek(int fd, long offset, int whence);

    /// <summary>The data ranges of <paramref name="file"/> within [start, end), ascending.</summary>
    public static IEnumerable<DiskExtent> DataRanges(SafeFileHandle file, long start, long end)
    {
        end = Math.Min(end, RandomAccess.GetLength(file));
        if (start >= end) yield break;
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            yield return new DiskExtent(start, end - start);
            yield break;
        }
        var fd = (int)file.DangerousGetHandle();
        var pos = start;
        while (pos < end)
        {
            var data = lseek(fd, pos, SeekData);
            if (data < 0)
            {
                if (Marshal.GetLastPInvokeError() == ENXIO) yield break;
                // The file system cannot tell holes apart: everything counts as data.
                yield return new DiskExtent(pos, end - pos);
                yield break;
            }
            if (data >= end) yield break;
            var hole = lseek(fd, data, SeekHole);
            if (hole < 0 || hole > end) hole = end;
            yield return new DiskExtent(data, hole - data);
            pos = hole;
        }
    }
}
