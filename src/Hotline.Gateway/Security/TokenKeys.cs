using System.Security.Cryptography;
using Hotline.Security;

namespace Hotline.Gateway.Security;

/// <summary>
/// The files of the token key pair (ECDSA P-256, for ES256): the private key, owner-only, where
/// tokens are minted; the public key wherever tokens are checked. A gateway needs only the
/// public one, so a gateway's key folder cannot be used to mint tokens.
/// </summary>
public static class TokenKeys
{
    /// <summary>The private key (PKCS#8 PEM): the <c>token</c> command's folder, and an embedded hotline's.</summary>
    public const string PrivateKeyFileName = "token-signing.private.key";

    /// <summary>The public key (SubjectPublicKeyInfo PEM): every gateway's folder.</summary>
    public const string PublicKeyFileName = "token-signing.public.pem";

    /// <summary>
    /// The public key that signed tokens before the last rotation, accepted beside the current
    /// one while those tokens live (optional).
    /// </summary>
    public const string PreviousPublicKeyFileName = "token-signing.previous.pem";

    /// <summary>The HS256 secret of earlier versions; replaced by a pair, then deleted.</summary>
    public const string LegacyKeyFileName = "token-signing.key";

    public static string PrivateKeyFile(string keyDirectory) => Path.Combine(keyDirectory, PrivateKeyFileName);

    public static string PublicKeyFile(string keyDirectory) => Path.Combine(keyDirectory, PublicKeyFileName);

    public static string PreviousPublicKeyFile(string keyDirectory) => Path.Combine(keyDirectory, PreviousPublicKeyFileName);

    public static string LegacyKeyFile(string keyDirectory) => Path.Combine(keyDirectory, LegacyKeyFileName);

    /// <summary>
    /// Makes the pair in <paramref name="keyDirectory"/> when it has no private key (two
    /// processes starting together agree on one), writes the public file when missing, and
    /// deletes a legacy HS256 secret. True when a legacy secret was replaced: tokens it signed
    /// are refused from now on and must be issued again.
    /// </summary>
    public static bool EnsurePair(string keyDirectory)
    {
        SecretFile.EnsureFolder(keyDirectory);
        var privatePem = SecretFile.ReadOrCreateText(PrivateKeyFile(keyDirectory), () =>
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return created.ExportPkcs8PrivateKeyPem();
        });
        if (!File.Exists(PublicKeyFile(keyDirectory)))
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(privatePem);
            SecretFile.WriteOwnerOnly(PublicKeyFile(keyDirectory), key.ExportSubjectPublicKeyInfoPem());
        }

        var legacy = LegacyKeyFile(keyDirectory);
        if (!File.Exists(legacy))
        {
            return false;
        }

        File.Delete(legacy);
        return true;
    }

    /// <summary>The private key of <paramref name="keyDirectory"/>, for minting tokens.</summary>
    public static ECDsa LoadPrivate(string keyDirectory) => Load(PrivateKeyFile(keyDirectory));

    /// <summary>The public keys of <paramref name="keyDirectory"/>: the current one, then the previous one if present.</summary>
    public static IReadOnlyList<ECDsa> LoadPublic(string keyDirectory)
    {
        List<ECDsa> keys = [Load(PublicKeyFile(keyDirectory))];
        if (File.Exists(PreviousPublicKeyFile(keyDirectory)))
        {
            keys.Add(Load(PreviousPublicKeyFile(keyDirectory)));
        }

        return keys;
    }

    private static ECDsa Load(string path)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (ArgumentException)
        {
            key.Dispose();
            throw new InvalidOperationException($"{path} is not an ECDSA key in PEM form; make the token key pair again (README, Security: rotating the token key).");
        }

        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidOperationException($"{path} is not a P-256 key; tokens are signed with ES256 (README, Security: rotating the token key).");
        }

        return key;
    }
}
