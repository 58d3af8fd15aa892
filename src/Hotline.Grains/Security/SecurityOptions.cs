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

    public string ResolveKeyDirectory(string dataDirectory) =>
        Path.GetFullPath(KeyDirectory.Length > 0 ? KeyDirectory : Path.Combine(dataDirectory, "keys"));

    public static string TokenKeyFile(string keyDirectory) => Path.Combine(keyDirectory, "token-signing.key");

    public static string CallerKeyFile(string keyDirectory) => Path.Combine(keyDirectory, "caller-hash.key");

    public static string DataProtectionFolder(string keyDirectory) => Path.Combine(keyDirectory, "data-protection");
}
