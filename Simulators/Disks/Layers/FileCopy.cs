using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Failback.Simulators.Disks.Layers;

/// <summary>
/// In-kernel copies between two files (copy_file_range): page cache to page cache, without the round trip
/// through a user buffer that a read and a write make.
/// </summary>
internal static partial class FileCopy
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial nint copy_file_range(int fdIn, ref long offIn, int fdOut, ref long offOut, nuint length, uint flags);

    /// <summary>
    /// Copies up to <paramref name="length"/> bytes; returns how many were copied, which is fewer when the
    /// source ends first or the kernel or file system cannot copy between these files (the caller copies the rest).
    /// </summary>
    public static long Copy(SafeFileHandle from, long fromOffset, SafeFileHandle to, long toOffset, long length)
    {
        if (!OperatingSystem.IsLinux()) return 0;
        bool addedFrom = false, addedTo = false;
        try
        {
            from.DangerousAddRef(ref addedFrom);
            to.DangerousAddRef(ref addedTo);
            var fdIn = (int)from.DangerousGetHandle();
            var fdOut = (int)to.DangerousGetHandle();
            long done = 0;
            while (done < length)
            {
                var n = copy_file_range(fdIn, ref fromOffset, fdOut, ref toOffset, (nuint)Math.Min(length - done, 1L << 30), 0);
                if (n <= 0) break; // end of the source, or not supported here (EXDEV, ENOSYS, EINVAL): the caller falls back
                done += n;
            }
            return done;
        }
        finally
        {
            if (addedTo) to.DangerousRelease();
            if (addedFrom) from.DangerousRelease();
        }
    }
}
