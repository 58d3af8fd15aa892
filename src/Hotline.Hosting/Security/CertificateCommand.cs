using System.Security.Cryptography.X509Certificates;

namespace Hotline.Security;

/// <summary>
/// <c>Hotline.Silo certs</c>: a private CA for the cluster in a folder (made once, its key kept
/// there, owner-only) and a certificate per process name, for <c>Hotline:Cluster:Tls</c>.
/// </summary>
public static class CertificateCommand
{
    public const string AuthorityFile = "authority.pem";
    public const string AuthorityKeyFile = "authority.key";

    public static void Make(string folder, IReadOnlyCollection<string> names, int days, TextWriter output)
    {
        SecretFile.EnsureFolder(folder);
        var authorityPath = Path.Combine(folder, AuthorityFile);
        var authorityKey = Path.Combine(folder, AuthorityKeyFile);
        X509Certificate2 authority;
        if (File.Exists(authorityPath))
        {
            authority = X509Certificate2.CreateFromPemFile(authorityPath, authorityKey);
            output.WriteLine($"Using the CA in {authorityPath}");
        }
        else
        {
            authority = ClusterCertificates.CreateAuthority("Hotline cluster CA", TimeSpan.FromDays(3650));
            ClusterCertificates.WritePem(authority, authorityPath, authorityKey);
            output.WriteLine($"Made a CA: {authorityPath} (keep {authorityKey} off the servers once the certificates are made)");
        }

        using (authority)
        {
            foreach (var name in names)
            {
                using var certificate = ClusterCertificates.Issue(authority, name, TimeSpan.FromDays(days));
                ClusterCertificates.WritePem(certificate, Path.Combine(folder, $"{name}.pem"), Path.Combine(folder, $"{name}.key"));
                output.WriteLine($"Made {name}.pem and {name}.key, valid until {certificate.NotAfter:yyyy-MM-dd}");
            }
        }
    }
}
