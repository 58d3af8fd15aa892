using System.Net;
using System.Security.Cryptography.X509Certificates;
using Hotline.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace Hotline.Security;

/// <summary>The certificate this process shows its peers, and the hotline CA theirs must come from.</summary>
public sealed record ClusterIdentity(X509Certificate2 Certificate, X509Certificate2Collection Authority);

/// <summary>
/// Mutual TLS on every Orleans connection (silo to silo, gateway to silo). Each side presents
/// a certificate and accepts the other's only when the hotline's own CA signed it. A cluster
/// takes its certificates from <c>Hotline:Cluster:Tls</c>; an embedded hotline makes its own
/// in the key folder on first start, so its silo port is closed to every other process too.
/// </summary>
public static class ClusterTransport
{
    private const string EmbeddedName = "hotline-embedded";

    /// <summary>
    /// The identity to use: the configured certificates; for an embedded silo without them,
    /// the key folder's own; none when the development switch allows plain transport on loopback.
    /// </summary>
    public static ClusterIdentity? Resolve(IConfiguration configuration, bool embedded)
    {
        var cluster = ClusterSettings.From(configuration);
        var tls = cluster.Tls;
        if (tls.Certificate.Length > 0 || tls.Authority.Length > 0)
        {
            return Load(tls);
        }

        if (embedded)
        {
            return EnsureEmbedded(SecurityOptions.KeyDirectoryOf(configuration));
        }

        if (cluster.AllowInsecureTransport && IsLoopbackOnly(cluster))
        {
            return null;
        }

        throw new InvalidOperationException(
            $"A cluster needs mutual TLS between its processes: set {ClusterSettings.Section}:Tls:Certificate, :Key and :Authority "
            + "(deploy/make-certs.sh makes a CA and a certificate per process). "
            + $"For development on one machine only, {ClusterSettings.Section}:AllowInsecureTransport=true turns it off on loopback addresses.");
    }

    public static ISiloBuilder UseHotlineTls(this ISiloBuilder silo, ClusterIdentity identity) =>
        silo.UseTls(identity.Certificate, options => Configure(options, identity));

    public static IClientBuilder UseHotlineTls(this IClientBuilder client, ClusterIdentity identity) =>
        client.UseTls(identity.Certificate, options => Configure(options, identity));

    /// <summary>The certificates an embedded hotline made for itself (in <c>keys/cluster</c>), made now when missing.</summary>
    public static ClusterIdentity EnsureEmbedded(string keyDirectory)
    {
        SecretFile.EnsureFolder(keyDirectory);
        var folder = Path.Combine(keyDirectory, "cluster");
        var settings = new ClusterTlsSettings
        {
            Certificate = Path.Combine(folder, $"{EmbeddedName}.pem"),
            Key = Path.Combine(folder, $"{EmbeddedName}.key"),
            Authority = Path.Combine(folder, "authority.pem"),
        };
        if (!File.Exists(settings.Authority) || !File.Exists(settings.Key))
        {
            // The CA's private key is not kept: nothing else will ever be signed by it.
            using var authority = ClusterCertificates.CreateAuthority("Hotline embedded CA", TimeSpan.FromDays(3650));
            using var certificate = ClusterCertificates.Issue(authority, EmbeddedName, TimeSpan.FromDays(3650));
            ClusterCertificates.WritePem(certificate, settings.Certificate, settings.Key);
            File.WriteAllText(settings.Authority, authority.ExportCertificatePem());
        }

        return Load(settings);
    }

    private static ClusterIdentity Load(ClusterTlsSettings tls)
    {
        if (tls.Certificate.Length == 0 || tls.Authority.Length == 0)
        {
            throw new InvalidOperationException($"{ClusterSettings.Section}:Tls needs both Certificate (this process) and Authority (the hotline's CA certificate)");
        }

        var certificate = Path.GetExtension(tls.Certificate).ToUpperInvariant() is ".PFX" or ".P12"
            ? X509CertificateLoader.LoadPkcs12FromFile(tls.Certificate, tls.Password.Length > 0 ? tls.Password : null)
            : X509Certificate2.CreateFromPemFile(tls.Certificate, tls.Key.Length > 0 ? tls.Key : null);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{ClusterSettings.Section}:Tls:Certificate has no private key: give it in :Key (PEM) or use a PKCS#12 file");
        }

        // One CA, or two while it is being replaced.
        var authority = new X509Certificate2Collection();
        authority.ImportFromPemFile(tls.Authority);
        if (!ClusterCertificates.IssuedBy(authority, certificate))
        {
            throw new InvalidOperationException($"{ClusterSettings.Section}:Tls:Certificate was not signed by {ClusterSettings.Section}:Tls:Authority, or is outside its dates");
        }

        // Loaded from PEM, an ephemeral key cannot serve TLS on every platform: keep it as PKCS#12.
        var usable = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        certificate.Dispose();
        return new ClusterIdentity(usable, authority);
    }

    private static void Configure(TlsOptions options, ClusterIdentity identity)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // The hotline's CA decides, not the machine's trusted roots; names do not matter.
        options.RemoteCertificateValidation = (certificate, _, _) => ClusterCertificates.IssuedBy(identity.Authority, certificate);
        options.OnAuthenticateAsClient = (_, authentication) => authentication.TargetHost = EmbeddedName;
    }

    private static bool IsLoopbackOnly(ClusterSettings cluster) =>
        !cluster.ListenOnAnyAddress
        && IPAddress.TryParse(cluster.AdvertisedAddress, out var address) && IPAddress.IsLoopback(address)
        && cluster.Gateways.All(g => g.StartsWith("127.", StringComparison.Ordinal) || g.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) || g.StartsWith("[::1]", StringComparison.Ordinal));
}
