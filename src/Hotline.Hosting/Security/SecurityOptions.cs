using Hotline.Hosting;
using Microsoft.Extensions.Configuration;

namespace Hotline.Security;

/// <summary>Keys and token settings (section <c>Hotline:Security</c>).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Hotline:Security";

    /// <summary>
    /// Folder of the secrets: the token signing key, the caller-hash key and the data
    /// protection key ring. Empty means <c>keys</c> inside the data folder. In a cluster every
    /// silo and gateway must see the same folder.
    /// </summary>
    public string KeyDirectory { get; set; } = "";

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

    public static string TokenKeyFile(string keyDirectory) => Path.Combine(keyDirectory, "token-signing.key");

    public static string CallerKeyFile(string keyDirectory) => Path.Combine(keyDirectory, "caller-hash.key");

    public static string DataProtectionFolder(string keyDirectory) => Path.Combine(keyDirectory, "data-protection");

    /// <summary>The cases' data keys (a silo's key folder; never copied with the database).</summary>
    public static string CaseKeyFile(string keyDirectory) => Path.Combine(keyDirectory, "case-keys.db");
}
