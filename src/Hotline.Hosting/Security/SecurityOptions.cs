using Hotline.Hosting;
using Microsoft.Extensions.Configuration;

namespace Hotline.Security;

/// <summary>Keys and token settings (section <c>Hotline:Security</c>).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Hotline:Security";

    /// <summary>
    /// Folder of this process's keys. Empty means <c>keys</c> inside the data folder. An
    /// embedded hotline keeps all its keys there; in a cluster each process gets what it needs:
    /// a gateway the public token key, a silo the caller-hash key and the key ring (README,
    /// Security: which process needs which key).
    /// </summary>
    public string KeyDirectory { get; set; } = "";

    /// <summary>
    /// The RSA certificate that encrypts the Data Protection key ring at rest: a PEM file (its
    /// key in <see cref="KeyRingCertificateKey"/>) or PKCS#12 (<c>.pfx</c>/<c>.p12</c>). Required
    /// on a cluster silo; an embedded hotline makes its own in the key folder.
    /// </summary>
    public string KeyRingCertificate { get; set; } = "";

    /// <summary>The PEM private key of a PEM <see cref="KeyRingCertificate"/>.</summary>
    public string KeyRingCertificateKey { get; set; } = "";

    /// <summary>The password of a PKCS#12 <see cref="KeyRingCertificate"/>, if it has one.</summary>
    public string KeyRingCertificatePassword { get; set; } = "";

    /// <summary>
    /// How often a gateway reads the cluster's revocation list: a token revoked through another
    /// gateway is refused here within this time (at once on the gateway that revoked it).
    /// </summary>
    public TimeSpan RevocationRefresh { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The issuer tokens must name.</summary>
    public string Issuer { get; set; } = "hotline";

    /// <summary>The audience tokens must name.</summary>
    public string Audience { get; set; } = "hotline";

    /// <summary>
    /// Allows plain HTTP on an address other than loopback; only for a gateway whose one way in
    /// is a TLS-terminating proxy. Logged as critical at every start.
    /// </summary>
    public bool AllowPlaintextBehindProxy { get; set; }

    /// <summary>The settings of <paramref name="configuration"/>, defaults where absent.</summary>
    public static SecurityOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<SecurityOptions>() ?? new SecurityOptions();

    /// <summary>The key folder as configured, resolved against the configured data folder.</summary>
    public static string KeyDirectoryOf(IConfiguration configuration) =>
        From(configuration).ResolveKeyDirectory((configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions()).DataDirectory);

    public string ResolveKeyDirectory(string dataDirectory) =>
        Path.GetFullPath(KeyDirectory.Length > 0 ? KeyDirectory : Path.Combine(dataDirectory, "keys"));

    public static string CallerKeyFile(string keyDirectory) => Path.Combine(keyDirectory, "caller-hash.key");

    public static string DataProtectionFolder(string keyDirectory) => Path.Combine(keyDirectory, "data-protection");

    /// <summary>The cases' data keys (a silo's key folder; never copied with the database).</summary>
    public static string CaseKeyFile(string keyDirectory) => Path.Combine(keyDirectory, "case-keys.db");
}
