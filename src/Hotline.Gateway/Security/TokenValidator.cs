using Hotline.Hosting;
using Hotline.Security;
using Microsoft.IdentityModel.Tokens;

namespace Hotline.Gateway.Security;

/// <summary>
/// How the gateway checks tokens: signed with ES256 by the private half of the public key in
/// its key folder, for this issuer and audience, unexpired. The gateway holds no key that
/// could mint a token.
/// </summary>
public sealed class TokenValidator(IReadOnlyList<ECDsaSecurityKey> keys, string issuer, string audience)
{
    /// <summary>
    /// The validator for a gateway's configuration. An embedded hotline with no token keys
    /// makes its pair on first start (and replaces a legacy HS256 secret, setting
    /// <paramref name="replacedLegacyKey"/>); a gateway in Client mode refuses to start without
    /// the public key, naming the file.
    /// </summary>
    public static TokenValidator FromConfiguration(IConfiguration configuration, out bool replacedLegacyKey)
    {
        var security = SecurityOptions.From(configuration);
        var folder = SecurityOptions.KeyDirectoryOf(configuration);
        var publicFile = TokenKeys.PublicKeyFile(folder);
        replacedLegacyKey = false;
        if (!File.Exists(publicFile))
        {
            if (ClusterSettings.From(configuration).Mode == HostingMode.Client)
            {
                throw new InvalidOperationException(
                    $"The gateway checks tokens with the public key {publicFile}, which is missing. Copy {TokenKeys.PublicKeyFileName} "
                    + $"from the folder where tokens are minted (the token command makes the pair there: Hotline.Gateway token --keys FOLDER ...) "
                    + $"into {folder}, or point {SecurityOptions.Section}:KeyDirectory at the folder that holds it.");
            }

            replacedLegacyKey = TokenKeys.EnsurePair(folder);
        }

        var keys = TokenKeys.LoadPublic(folder).Select(k => new ECDsaSecurityKey(k)).ToList();
        return new TokenValidator(keys, security.Issuer, security.Audience);
    }

    /// <summary>The one algorithm a token may be signed with.</summary>
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;

    /// <summary>This issuer, audience and key, unexpired, ES256 only (an HS256 token is refused whatever its key).</summary>
    public TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = issuer,
        ValidAudience = audience,
        IssuerSigningKeys = keys,
        ValidAlgorithms = [Algorithm],
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromMinutes(1),
        NameClaimType = HotlineClaims.Subject,
        RoleClaimType = HotlineClaims.Role,
    };
}
