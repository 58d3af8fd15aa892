using System.Security.Cryptography;
using System.Text;
using PhoneNumbers;

namespace Hotline.Contacts;

/// <summary>
/// Turns a caller's number or handle into a keyed hash (HMAC-SHA256 with a secret of the
/// key folder): the same caller gives the same key, so a returning caller can be recognised,
/// but the number cannot be read back or found by hashing guesses without the secret.
/// </summary>
/// <remarks>
/// Used on the silos only, where the contact grain opens a contact: gateways never hold the
/// secret, so a gateway's key folder cannot be used to test guessed numbers against the index.
/// A phone number is keyed in its international form (E.164) under the hotline's default
/// country, so "+994 55 938 18 92", "0559381892", "994 55 9381892" and "(055) 938-18-92" are one
/// caller; anything else (a messenger handle) as written, bar spacing and case.
/// </remarks>
public sealed class CallerKeys
{
    /// <summary>The setting naming the country whose national numbers callers give (ISO 3166 alpha-2).</summary>
    public const string DefaultCountrySetting = "Hotline:Callers:DefaultCountry";

    public const string DefaultCountry = "AZ";

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    private readonly byte[] _secret;
    private readonly string _defaultCountry;

    public CallerKeys(byte[] secret, string defaultCountry = DefaultCountry)
    {
        if (!Phones.GetSupportedRegions().Contains(defaultCountry))
        {
            throw new ArgumentException($"{DefaultCountrySetting} must be a two-letter country code (ISO 3166), such as AZ", nameof(defaultCountry));
        }

        (_secret, _defaultCountry) = (secret, defaultCountry);
    }

    /// <summary>The keyed hash of <paramref name="reference"/> (lower-case hex), the same for the same caller however written.</summary>
    public string Hash(string reference) => Keyed(Canonical(reference));

    /// <summary>
    /// Every key the caller may be on record under: <see cref="Hash"/>, and the key an earlier
    /// version made of the same spelling (spacing and punctuation dropped, the number otherwise
    /// as written), so cases recorded before numbers were made international are still found.
    /// </summary>
    public IReadOnlyList<string> Keys(string reference) => new[] { Hash(reference), Keyed(AsWritten(reference)) }.Distinct(StringComparer.Ordinal).ToList();

    private string Keyed(string normalized)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(normalized), mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>A phone number in E.164 ("+994559381892"); anything else as written, bar spacing and case.</summary>
    private string Canonical(string reference)
    {
        var written = AsWritten(reference);
        if (!LooksLikeANumber(written))
        {
            return written;
        }

        try
        {
            var number = Phones.Parse(reference, _defaultCountry);
            return Phones.IsPossibleNumber(number) ? Phones.Format(number, PhoneNumberFormat.E164) : written;
        }
        catch (NumberParseException)
        {
            return written;
        }
    }

    /// <summary>Digits, with at most a leading '+': 6 to 17 of them.</summary>
    private static bool LooksLikeANumber(string written)
    {
        var digits = written.StartsWith('+') ? written[1..] : written;
        return digits.Length is >= 6 and <= 17 && digits.All(char.IsAsciiDigit);
    }

    /// <summary>Spacing, punctuation and case do not make a different caller: "+994 50-123" is "+99450123".</summary>
    private static string AsWritten(string reference)
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
