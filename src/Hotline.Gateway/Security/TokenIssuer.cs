using System.Security.Cryptography;
using Hotline.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hotline.Gateway.Security;

/// <summary>What a token says about its holder.</summary>
public sealed record TokenClaims(string Subject, IReadOnlyCollection<string> Roles, IReadOnlyCollection<string> Regions, string? ResponderId = null);

/// <summary>
/// Signs hotline tokens (JWT, ES256) with the private token key. Anyone holding that key can
/// mint tokens: it stays in the folder where tokens are minted, never on a gateway of a cluster.
/// </summary>
public sealed class TokenIssuer(ECDsa signingKey, string issuer, string audience)
{
    /// <summary>The setting naming the key folder, for a client that signs with a hotline's key.</summary>
    public const string KeyDirectorySetting = $"{SecurityOptions.Section}:KeyDirectory";

    private readonly SigningCredentials _credentials = new(new ECDsaSecurityKey(signingKey), TokenValidator.Algorithm);

    /// <summary>The file of <paramref name="keyDirectory"/> holding the private key; a client checks it exists rather than make one.</summary>
    public static string KeyFile(string keyDirectory) => TokenKeys.PrivateKeyFile(keyDirectory);

    /// <summary>
    /// The issuer of the configured key folder. A folder with no token key at all gets a new
    /// pair (a legacy HS256 secret is replaced, setting <paramref name="replacedLegacyKey"/>);
    /// a folder with the public key only is refused: tokens are minted where the private key is.
    /// </summary>
    public static TokenIssuer FromConfiguration(IConfiguration configuration, out bool replacedLegacyKey)
    {
        var security = SecurityOptions.From(configuration);
        var folder = SecurityOptions.KeyDirectoryOf(configuration);
        replacedLegacyKey = false;
        if (!File.Exists(TokenKeys.PrivateKeyFile(folder)))
        {
            if (File.Exists(TokenKeys.PublicKeyFile(folder)))
            {
                throw new InvalidOperationException(
                    $"{folder} holds the public token key only (a gateway's folder): tokens are minted with {TokenKeys.PrivateKeyFileName}. "
                    + $"Use --keys (or {KeyDirectorySetting}) to name the folder that holds it.");
            }

            replacedLegacyKey = TokenKeys.EnsurePair(folder);
        }

        return new TokenIssuer(TokenKeys.LoadPrivate(folder), security.Issuer, security.Audience);
    }

    /// <summary>As <see cref="FromConfiguration(IConfiguration, out bool)"/>, for callers that only need the issuer.</summary>
    public static TokenIssuer FromConfiguration(IConfiguration configuration) => FromConfiguration(configuration, out _);

    /// <summary>A signed token valid from <paramref name="now"/> for <paramref name="lifetime"/>.</summary>
    public string Issue(TokenClaims claims, DateTimeOffset now, TimeSpan lifetime) => Issue(claims, now, lifetime, out _);

    /// <summary>As <see cref="Issue(TokenClaims, DateTimeOffset, TimeSpan)"/>, with the token's id, by which an admin can revoke it alone.</summary>
    public string Issue(TokenClaims claims, DateTimeOffset now, TimeSpan lifetime, out string tokenId)
    {
        tokenId = Guid.NewGuid().ToString("N");
        var payload = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [HotlineClaims.TokenId] = tokenId,
            [HotlineClaims.Subject] = claims.Subject,
            [HotlineClaims.Role] = claims.Roles.ToArray(),
        };
        if (claims.Regions.Count > 0)
        {
            payload[HotlineClaims.Region] = claims.Regions.ToArray();
        }

        if (claims.ResponderId is { } responderId)
        {
            payload[HotlineClaims.ResponderId] = responderId;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = payload,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = _credentials,
        });
    }
}
