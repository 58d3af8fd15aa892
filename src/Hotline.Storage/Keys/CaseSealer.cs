using System.Security.Cryptography;
using Hotline.Security;

namespace Hotline.Storage.Keys;

/// <summary>What opening a sealed record gave: its plain bytes, or the time its case's key was destroyed.</summary>
public readonly record struct Unsealed(byte[]? Plain, DateTimeOffset? ErasedAt);

/// <summary>
/// Seals a case's personal fields with the case's own data key (AES-256-GCM; see
/// <see cref="CaseKeyStore"/>). A sealed record names its case, so it opens without being
/// told whose it is; records written before cases had keys are opened with the key ring.
/// </summary>
/// <remarks>Format: "HCK1", the case id (16 bytes), a nonce (12), the tag (16), the ciphertext. The first 20 bytes are authenticated with it.</remarks>
public sealed class CaseSealer(CaseKeyStore keys, PersonalDataProtector keyRing)
{
    private const int IdAt = 4, NonceAt = 20, TagAt = 32, TextAt = 48, TagSize = TextAt - TagAt;

    private static ReadOnlySpan<byte> Magic => "HCK1"u8;

    /// <summary>Seals <paramref name="plain"/> with the case's key, made now if the case has none.</summary>
    /// <exception cref="InvalidOperationException">The case was erased: nothing personal may be written for it again.</exception>
    public byte[] Seal(Guid caseId, ReadOnlySpan<byte> plain) =>
        SealWith(caseId, keys.Find(caseId, create: true).Key
            ?? throw new InvalidOperationException("The case was erased and its data key destroyed; its personal fields cannot be written again."), plain);

    /// <summary>
    /// Seals what is left of a case: with its key while it has one, with the key ring once it
    /// was erased (what remains then holds no personal text).
    /// </summary>
    public byte[] SealRemains(Guid caseId, ReadOnlySpan<byte> plain) =>
        keys.Find(caseId, create: true).Key is { } key ? SealWith(caseId, key, plain) : keyRing.SealBytes(plain.ToArray());

    /// <summary>Opens a sealed record; a record whose case key was destroyed gives no bytes and the time of the erasure.</summary>
    /// <exception cref="InvalidOperationException">The key store has no key for the case: it is older than the database.</exception>
    public Unsealed Unseal(ReadOnlySpan<byte> sealedBytes)
    {
        if (!sealedBytes.StartsWith(Magic))
        {
            return new Unsealed(keyRing.UnsealBytes(sealedBytes.ToArray()), null);
        }

        var caseId = new Guid(sealedBytes[IdAt..NonceAt]);
        var lookup = keys.Find(caseId, create: false);
        if (lookup.Key is not { } key)
        {
            return lookup.DestroyedAt is { } at ? new Unsealed(null, at)
                : throw new InvalidOperationException(
                    "A case's data key is missing from the key store (case-keys.db in the key folder): the key folder is older than the database. "
                    + "Restore the key folder taken with or after the database (README, Backup and restore).");
        }

        var plain = new byte[sealedBytes.Length - TextAt];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes[NonceAt..TagAt], sealedBytes[TextAt..], sealedBytes[TagAt..TextAt], plain, sealedBytes[..NonceAt]);
        return new Unsealed(plain, null);
    }

    /// <summary>Drops the case's key from this process's memory.</summary>
    public void Forget(Guid caseId) => keys.Forget(caseId);

    private static byte[] SealWith(Guid caseId, byte[] key, ReadOnlySpan<byte> plain)
    {
        var sealedBytes = new byte[TextAt + plain.Length];
        Magic.CopyTo(sealedBytes);
        caseId.TryWriteBytes(sealedBytes.AsSpan(IdAt, 16));
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(NonceAt, TagAt - NonceAt));
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(sealedBytes.AsSpan(NonceAt, TagAt - NonceAt), plain, sealedBytes.AsSpan(TextAt), sealedBytes.AsSpan(TagAt, TagSize), sealedBytes.AsSpan(0, NonceAt));
        return sealedBytes;
    }
}
