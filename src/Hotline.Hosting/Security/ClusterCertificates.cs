using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hotline.Security;

/// <summary>
/// The hotline's own certificate authority for the connections between its processes: a CA,
/// and a certificate per silo or gateway that it signs (ECDSA P-256, usable as TLS client and
/// server). Only certificates this CA signed get into the cluster, however valid others are.
/// </summary>
/// <remarks>
/// Validity dates come from the machine's clock, not the hotline's <see cref="TimeProvider"/>:
/// the TLS stack checks them against the machine's clock, whatever time the hotline is told.
/// </remarks>
public static class ClusterCertificates
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>A new CA, with its private key, valid for <paramref name="lifetime"/>.</summary>
    public static X509Certificate2 CreateAuthority(string name, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now + lifetime);
    }

    /// <summary>A certificate for the process <paramref name="name"/>, signed by <paramref name="authority"/>, with its private key.</summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, string name, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));

        var now = DateTimeOffset.UtcNow;
        var notAfter = now + lifetime < authority.NotAfter ? now + lifetime : authority.NotAfter;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(authority, now.AddMinutes(-5), notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes the certificate (PEM, readable) and its private key (PEM, owner only).</summary>
    public static void WritePem(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        SecretFile.EnsureFolder(Path.GetDirectoryName(Path.GetFullPath(certificatePath))!);
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the certificate has no ECDSA private key");
        SecretFile.WriteOwnerOnly(keyPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> chains to <paramref name="authority"/> alone (the
    /// machine's trusted roots do not count), is within its dates and is not itself a CA.
    /// </summary>
    public static bool IssuedBy(X509Certificate2 authority, X509Certificate2 certificate) => IssuedBy([authority], certificate);

    /// <summary>As above, for any one of <paramref name="authorities"/> (two while a CA is replaced).</summary>
    public static bool IssuedBy(X509Certificate2Collection authorities, X509Certificate2 certificate)
    {
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(c => c.CertificateAuthority))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        if (!chain.Build(certificate))
        {
            return false;
        }

        var root = chain.ChainElements[^1].Certificate;
        return authorities.Any(a => root.RawDataMemory.Span.SequenceEqual(a.RawDataMemory.Span));
    }
}
