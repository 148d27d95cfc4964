using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Failback.Lab.Arm;

/// <summary>
/// The self-signed certificate a lab host serves HTTPS with when none is given: made once in the labs' folder
/// (<c>lab-https.pfx</c>, readable by its owner only) for localhost, 127.0.0.1 and ::1, with its public part beside it
/// (<c>lab-https.pem</c>) for clients to trust (Node.js: <c>NODE_EXTRA_CA_CERTS</c>; .NET: a custom trust store;
/// curl: <c>--cacert</c>). The Azure SDKs send bearer tokens over HTTPS only, so the ARM API needs it even on loopback.
/// </summary>
public static class LabCertificate
{
    public const string PfxName = "lab-https.pfx";
    public const string PemName = "lab-https.pem";

    /// <summary>The certificate of <paramref name="folder"/>, made when missing or expired: the PFX's and the PEM's paths.</summary>
    public static (string Pfx, string Pem) Ensure(string folder)
    {
        Directory.CreateDirectory(folder);
        var pfx = Path.Combine(folder, PfxName);
        var pem = Path.Combine(folder, PemName);
        if (File.Exists(pfx) && File.Exists(pem) && Valid(pfx)) return (pfx, pem);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=drill lab (self-signed)", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        // A self-signed leaf that clients add as a trust anchor: it is its own CA for exactly these names.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        var pfxBytes = certificate.Export(X509ContentType.Pfx);
        Write(pfx, pfxBytes, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Write(pem, System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return (pfx, pem);
    }

    private static bool Valid(string pfx)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(pfx, null);
            return certificate.NotAfter > DateTime.UtcNow.AddDays(1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static void Write(string path, byte[] bytes, UnixFileMode mode)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode;
        using (var file = new FileStream(temp, options))
            file.Write(bytes);
        File.Move(temp, path, overwrite: true);
    }
}
