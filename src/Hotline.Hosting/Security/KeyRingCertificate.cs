using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace Hotline.Security;

/// <summary>
/// The RSA certificate that encrypts the Data Protection key ring at rest, so no key of the
/// ring is ever written in the clear. A cluster silo takes it from
/// <c>Hotline:Security:KeyRingCertificate</c>; an embedded hotline makes its own in the key
/// folder on first start. Keys an earlier version wrote unencrypted are still read.
/// </summary>
public static class KeyRingCertificate
{
    /// <summary>The certificate an embedded hotline makes (PEM, public).</summary>
    public const string CertificateFileName = "key-ring.pem";

    /// <summary>Its private key (PKCS#8 PEM, owner-only).</summary>
    public const string KeyFileName = "key-ring.key";

    private const int KeySize = 3072;

    /// <summary>
    /// The configured certificate with its private key; for an embedded hotline without one,
    /// the key folder's own, made now when missing. A cluster silo without one is refused.
    /// </summary>
    public static X509Certificate2 Resolve(IConfiguration configuration, bool embedded)
    {
        var security = SecurityOptions.From(configuration);
        if (security.KeyRingCertificate.Length > 0)
        {
            return Load(security.KeyRingCertificate, security.KeyRingCertificateKey, security.KeyRingCertificatePassword);
        }

        if (embedded)
        {
            var folder = SecurityOptions.KeyDirectoryOf(configuration);
            return EnsureIn(folder);
        }

        throw new InvalidOperationException(
            $"A cluster silo keeps the Data Protection key ring encrypted at rest: set {SecurityOptions.Section}:KeyRingCertificate to an RSA certificate "
            + $"(PEM, with its PEM key in {SecurityOptions.Section}:KeyRingCertificateKey; or PKCS#12 .pfx, with {SecurityOptions.Section}:KeyRingCertificatePassword if it has one). "
            + "Hotline.Silo key-ring-certificate --out FOLDER makes one; every silo needs the same certificate.");
    }

    /// <summary>The key-ring certificate in <paramref name="folder"/> (<see cref="CertificateFileName"/> and <see cref="KeyFileName"/>), made when missing.</summary>
    public static X509Certificate2 EnsureIn(string folder, int days = 36500)
    {
        var certificatePath = Path.Combine(folder, CertificateFileName);
        var keyPath = Path.Combine(folder, KeyFileName);
        SecretFile.EnsureFolder(folder);
        SecretFile.ReadOrCreateText(keyPath, () =>
        {
            using var created = RSA.Create(KeySize);
            return created.ExportPkcs8PrivateKeyPem();
        });
        // Two processes starting together agree on one certificate, as on one key.
        SecretFile.ReadOrCreateText(certificatePath, () =>
        {
            using var key = RSA.Create();
            key.ImportFromPem(File.ReadAllText(keyPath));
            var request = new CertificateRequest("CN=Hotline key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
            // Dates from the machine's clock; the certificate only names a key, nothing checks its dates.
            var now = DateTimeOffset.UtcNow;
            using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(days));
            return certificate.ExportCertificatePem();
        });

        return Load(certificatePath, keyPath, "");
    }

    private static X509Certificate2 Load(string certificatePath, string keyPath, string password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = Path.GetExtension(certificatePath).ToUpperInvariant() is ".PFX" or ".P12"
                ? X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password.Length > 0 ? password : null)
                : X509Certificate2.CreateFromPemFile(certificatePath, keyPath.Length > 0 ? keyPath : null);
        }
        catch (Exception e) when (e is CryptographicException or IOException)
        {
            throw new InvalidOperationException(
                $"{SecurityOptions.Section}:KeyRingCertificate could not be read from {certificatePath}: {e.Message} "
                + $"(PEM needs its key in {SecurityOptions.Section}:KeyRingCertificateKey; PKCS#12 its {SecurityOptions.Section}:KeyRingCertificatePassword).", e);
        }

        using (certificate)
        {
            using var rsa = certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException(
                $"{SecurityOptions.Section}:KeyRingCertificate ({certificatePath}) needs an RSA certificate with its private key: give the key in {SecurityOptions.Section}:KeyRingCertificateKey (PEM) or use a PKCS#12 file.");

            // Loaded from PEM, the key is ephemeral, which some platforms cannot decrypt with: keep it as PKCS#12.
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
