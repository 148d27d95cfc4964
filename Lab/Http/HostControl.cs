using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Failback.Lab.Sessions;

namespace Failback.Lab.Http;

/// <summary>
/// How <c>drill lab pause|resume|speed|advance</c> reach a lab that a host serves (the host holds the lab, so another
/// process cannot change its journal). The serving host writes <c>.host</c> in the labs' folder, readable and writable
/// only by its user: its URL, its process id, the certificate a client trusts (its self-signed one) and a control token
/// drawn from the operating system's random source at each start. That token opens every lab of the host as its
/// instructor (whoever reads the file owns the labs' journals anyway) and dies with the host; the file is removed when
/// the host stops, and a file left by a killed host is ignored (its process is gone).
/// </summary>
public sealed record HostControl(string Url, string Token, int Pid, string? Pem)
{
    public const string FileName = ".host";

    /// <summary>Writes the control file of a host serving <paramref name="folder"/> at <paramref name="url"/> (this process).</summary>
    public static HostControl Write(string folder, string url, string? pem)
    {
        var control = new HostControl(url, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), Environment.ProcessId, pem);
        var path = Path.Combine(folder, FileName);
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(path, options))
            JsonSerializer.Serialize(file, new { url, token = control.Token, pid = control.Pid, pem });
        return control;
    }

    /// <summary>The control file of the host serving <paramref name="folder"/>, or null when none runs.</summary>
    public static HostControl? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = json.RootElement;
            var control = new HostControl(root.GetProperty("url").GetString()!, root.GetProperty("token").GetString()!, root.GetProperty("pid").GetInt32(),
                root.TryGetProperty("pem", out var pem) ? pem.GetString() : null);
            return Alive(control.Pid) ? control : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Removes the control file if it is this host's.</summary>
    public void Delete(string folder)
    {
        if (Read(folder) is { } current && current.Token == Token) File.Delete(Path.Combine(folder, FileName));
    }

    /// <summary>Whether <paramref name="token"/> is this host's control token (compared in constant time).</summary>
    public bool Opens(string? token) =>
        token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(Token));

    /// <summary>Sends a time change (<c>POST /lab/v1/labs/NAME/time</c>) to the host as the lab's instructor; the host's error on refusal.</summary>
    public async Task SendTimeAsync(string lab, string body)
    {
        using var handler = new HttpClientHandler();
        using var trusted = Pem is null ? null : X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Pem));
        // The host's self-signed certificate is trusted by pinning it: the one the control file names, nothing else.
        if (trusted is not null) handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.RawData.AsSpan().SequenceEqual(trusted.RawData);
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Url}/lab/v1/labs/{Uri.EscapeDataString(lab)}/time")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await http.SendAsync(request);
        if (response.IsSuccessStatusCode) return;
        var text = await response.Content.ReadAsStringAsync();
        string message;
        try
        {
            message = JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("message").GetString() ?? text;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            message = $"{(int)response.StatusCode} {text}";
        }
        throw new LabInputException("HostRefused", $"the host serving the lab at {Url} refused: {message}");
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
