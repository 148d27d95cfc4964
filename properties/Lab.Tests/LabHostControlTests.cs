using Failback.Lab.Http;
using Failback.Lab.Sessions;
using Xunit;

namespace Failback.Lab.Tests;

/// <summary>
/// <c>drill lab pause|resume|speed|advance</c> of a lab that a host in another process serves: the verb finds the host by
/// its control file (readable only by its user) and changes the lab through the host's API, pinning its self-signed
/// certificate; a control file with another token is refused by the host; once the host has stopped the file is gone
/// and the verb changes the lab itself.
/// </summary>
public sealed class LabHostControlTests
{
    [Fact]
    public async Task The_verbs_reach_a_served_lab_through_its_host_and_a_lab_no_host_serves_directly()
    {
        using var scratch = new Scratch();
        var folder = new { Path = scratch.Dir };
        LabCreated lab;
        using (var registry = new LabRegistry(folder.Path))
            lab = await registry.CreateAsync("remote", Path.Combine(RepoRoot.Path, "properties", "arm-sdk", "failback-lab.yaml"), null, speed: 0);
        var control = Path.Combine(folder.Path, HostControl.FileName);
        using (var host = LabProcess.Start(folder.Path, LabProcess.FreePort(), https: true))
        {
            // The host opens the lab at its first request; from then on only the host changes it.
            using (var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true })
            using (var http = new HttpClient(handler))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, host.Url.Replace("http:", "https:", StringComparison.Ordinal) + "/lab/v1/labs/remote");
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", lab.TraineeToken);
                Assert.True((await http.SendAsync(request)).IsSuccessStatusCode);
            }
            Assert.True(File.Exists(control));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(control));
            var (exit, output, error) = LabProcess.Cli("advance", "remote", "30m", "--dir", folder.Path);
            Assert.True(exit == 0, output + error);
            Assert.Contains("advanced by 30m (through the host serving it at https://127.0.0.1:", output, StringComparison.Ordinal);
            Assert.Equal(0, LabProcess.Cli("speed", "remote", "120x", "--dir", folder.Path).Exit);
            Assert.Equal(0, LabProcess.Cli("pause", "remote", "--dir", folder.Path).Exit);
            // The host's own errors come back as the verb's: a bad duration is the CLI's, a speed the lab refuses the host's.
            Assert.Equal(2, LabProcess.Cli("advance", "remote", "-5m", "--dir", folder.Path).Exit);

            // Planted: a control file whose token is not the host's is refused by the host, and nothing changes.
            var text = await File.ReadAllTextAsync(control);
            var forged = System.Text.RegularExpressions.Regex.Replace(text, "\"token\":\"[0-9a-f]+\"", "\"token\":\"" + new string('0', 64) + "\"");
            Assert.NotEqual(text, forged);
            await File.WriteAllTextAsync(control, forged);
            var refused = LabProcess.Cli("advance", "remote", "1h", "--dir", folder.Path);
            Assert.Equal(2, refused.Exit);
            Assert.Contains("refused", refused.Error, StringComparison.Ordinal);
            await File.WriteAllTextAsync(control, text);
            host.Stop();
        }
        Assert.False(File.Exists(control), "the host removes its control file when it stops");

        // No host: the verb opens the lab itself, which has what the host was told (and not the forged advance).
        var local = LabProcess.Cli("resume", "remote", "--dir", folder.Path);
        Assert.True(local.Exit == 0, local.Out + local.Error);
        Assert.DoesNotContain("through the host", local.Out, StringComparison.Ordinal);
        using var reopened = new LabRegistry(folder.Path);
        var session = await reopened.OpenAsync("remote");
        Assert.Equal(120, session.Speed);
        Assert.False(session.Paused);
        Assert.InRange(session.Now - session.Start, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(59));
    }
}
