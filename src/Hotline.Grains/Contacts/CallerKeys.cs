using System.Security.Cryptography;
using System.Text;

namespace Hotline.Contacts;

/// <summary>
/// Turns a caller's number or handle into a keyed hash (HMAC-SHA256 with a secret of the
/// key folder): the same caller gives the same key, so a returning caller can be recognised,
/// but the number cannot be read back or found by hashing guesses without the secret.
/// </summary>
/// <remarks>
/// Used on the silos only, where the contact grain opens a contact: gateways never hold the
/// secret, so a gateway's key folder cannot be used to test guessed numbers against the index.
/// </remarks>
public sealed class CallerKeys(byte[] secret)
{
    /// <summary>The keyed hash of <paramref name="reference"/> (lower-case hex), the same for the same caller however written.</summary>
    public string Hash(string reference)
    {
        var normalized = Normalize(reference);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(normalized), mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Spacing, punctuation and case do not make a different caller: "+994 50-123" is "+99450123".</summary>
    private static string Normalize(string reference)
    {
        var builder = new StringBuilder(reference.Length);
        foreach (var c in reference.Trim())
        {
            if (c is ' ' or '-' or '(' or ')' or '.' or '\t')
            {
                continue;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
