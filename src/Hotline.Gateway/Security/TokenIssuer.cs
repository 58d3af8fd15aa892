using Hotline.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hotline.Gateway.Security;

/// <summary>What a token says about its holder.</summary>
public sealed record TokenClaims(string Subject, IReadOnlyCollection<string> Roles, IReadOnlyCollection<string> Regions, string? ResponderId = null);

/// <summary>
/// Signs hotline tokens (JWT, HS256) with the key of the key folder, and describes how the
/// gateway checks them. Anyone holding the key can mint tokens: keep the key folder private.
/// </summary>
public sealed class TokenIssuer(byte[] signingKey, string issuer, string audience)
{
    public const string Algorithm = SecurityAlgorithms.HmacSha256;

    /// <summary>The setting naming the key folder, for a client that signs with a hotline's key.</summary>
    public const string KeyDirectorySetting = $"{SecurityOptions.Section}:KeyDirectory";

    /// <summary>The file of <paramref name="keyDirectory"/> holding the signing key; a client checks it exists rather than make one.</summary>
    public static string KeyFile(string keyDirectory) => SecurityOptions.TokenKeyFile(keyDirectory);

    /// <summary>The issuer for a gateway's configuration: the key folder's signing key, made on first use.</summary>
    public static TokenIssuer FromConfiguration(IConfiguration configuration)
    {
        var security = SecurityOptions.From(configuration);
        var key = SecretFile.ReadOrCreate(SecurityOptions.TokenKeyFile(SecurityOptions.KeyDirectoryOf(configuration)));
        return new TokenIssuer(key, security.Issuer, security.Audience);
    }

    public SecurityKey Key { get; } = new SymmetricSecurityKey(signingKey);

    /// <summary>A signed token valid from <paramref name="now"/> for <paramref name="lifetime"/>.</summary>
    public string Issue(TokenClaims claims, DateTimeOffset now, TimeSpan lifetime)
    {
        var payload = new Dictionary<string, object>(StringComparer.Ordinal)
        {
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
            SigningCredentials = new SigningCredentials(Key, Algorithm),
        });
    }

    /// <summary>How the gateway checks a token: this issuer, audience and key, unexpired, HS256 only.</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = issuer,
        ValidAudience = audience,
        IssuerSigningKey = Key,
        ValidAlgorithms = [Algorithm],
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromMinutes(1),
        NameClaimType = HotlineClaims.Subject,
        RoleClaimType = HotlineClaims.Role,
    };
}
