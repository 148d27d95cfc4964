namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// Operating-system names as the sites spell them: vSphere's guest full names ("Microsoft Windows Server 2008 R2
/// (64-bit)"), the guest's own ("Windows Server 2008 R2 Standard SP1"), with any case and spacing. Rules match
/// the product and release, never one exact string (LOC-3).
/// </summary>
internal static class OsNames
{
    /// <summary>True for any spelling of Windows Server 2008 R2 (SP1 is the only 2008 R2 ASR protects, so the service pack is not required in the name).</summary>
    public static bool IsWindowsServer2008R2(string? osName)
    {
        if (string.IsNullOrWhiteSpace(osName)) return false;
        var words = osName.ToUpperInvariant().Split([' ', '\t', '-', '_', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        var i = Array.IndexOf(words, "2008");
        return i > 0 && i + 1 < words.Length && words[i + 1] == "R2" && words.Contains("WINDOWS") && words.Contains("SERVER");
    }

    /// <summary>True for CentOS 6.6 however spelled ("CentOS 6.6", "centos 6.6 minimal", "CentOS release 6.6 (Final)"), not 6.5 or 7 (MT-2).</summary>
    public static bool IsCentOs66(string? osName)
    {
        if (string.IsNullOrWhiteSpace(osName)) return false;
        var words = osName.ToUpperInvariant().Split([' ', '\t', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        return words.Contains("CENTOS") && words.Contains("6.6");
    }
}
