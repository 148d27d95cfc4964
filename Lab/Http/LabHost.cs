using System.Net;
using Failback.Lab.Arm;
using Failback.Lab.Portal;
using Failback.Lab.Sessions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Failback.Lab.Http;

/// <summary>How the lab host listens: 127.0.0.1 by default; another address only when asked, and then over HTTPS.</summary>
public sealed record LabHostOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;
    /// <summary>0 picks a free port (tests); the chosen one is in <see cref="LabHost.Url"/>.</summary>
    public int Port { get; init; } = 5080;
    /// <summary>A PFX certificate for HTTPS, required for an address other than the loopback.</summary>
    public string? CertificatePath { get; init; }
    public string? CertificatePassword { get; init; }
    /// <summary>More routes on the same host (ASR's ARM API of Lab/Arm), mapped after the lab's own.</summary>
    public IReadOnlyList<Action<WebApplication, LabRegistry>> Mounts { get; init; } = [];
}

/// <summary>
/// The lab host: ASP.NET Core (Kestrel) serving the labs of a <see cref="LabRegistry"/> over the versioned JSON API
/// (<see cref="LabApi"/>, under <c>/lab/v1</c>). Request bodies are limited to <see cref="LabApi.MaxBodyBytes"/>.
/// </summary>
public sealed class LabHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LabHost(WebApplication app, LabRegistry registry)
    {
        _app = app;
        Registry = registry;
    }

    public LabRegistry Registry { get; }

    /// <summary>The address served, with the port actually bound (http://127.0.0.1:PORT).</summary>
    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<LabHost> StartAsync(LabRegistry registry, LabHostOptions options)
    {
        if (!IPAddress.IsLoopback(options.Address) && options.CertificatePath is null)
            throw new LabInputException("HttpsRequired", $"Serving on {options.Address} (not the loopback) needs HTTPS: give --certificate FILE.pfx.");
        // Named Lab (not the test host's name) so that Blazor's script is found in the Lab's static web assets manifest.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Lab", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseStaticWebAssets();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = LabApi.MaxBodyBytes;
            k.Listen(options.Address, options.Port, listen =>
            {
                if (options.CertificatePath is { } pfx) listen.UseHttps(pfx, options.CertificatePassword);
                listen.Protocols = HttpProtocols.Http1AndHttp2;
            });
        });
        builder.Services.AddSingleton(registry);
        builder.Services.AddPortal();
        var app = builder.Build();
        LabApi.Map(app, registry);
        app.MapArm(registry);
        app.MapPortal(registry);
        foreach (var mount in options.Mounts) mount(app, registry);
        await app.StartAsync();
        return new LabHost(app, registry);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
