using System.Buffers.Text;
using System.Text.Json;
using Hotline.Topology;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hotline.Gateway.Security;

/// <summary>
/// Sign-in through an OpenID Connect issuer beside the hotline's own tokens: a second JWT scheme
/// whose keys come from the issuer's discovery document and JWKS (read again when a token names a
/// key not seen yet), and a selector that hands each call to the scheme of its token's issuer.
/// Its tokens are mapped to the hotline's claims (<see cref="IdentityProviderClaims"/>) and then
/// checked against the revocation list like the hotline's own.
/// </summary>
public static partial class IdentityProvider
{
    /// <summary>The scheme of the identity provider's tokens.</summary>
    public const string Scheme = "oidc";

    /// <summary>The default scheme when an identity provider is set: picks the scheme by the token's issuer.</summary>
    public const string ByIssuer = "by-issuer";

    /// <summary>The algorithms an identity provider's token may be signed with (asymmetric only).</summary>
    public static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    public static AuthenticationBuilder AddIdentityProvider(this AuthenticationBuilder authentication, IdentityProviderOptions provider, string hotlineIssuer)
    {
        authentication.AddPolicyScheme(ByIssuer, "the hotline's tokens or the identity provider's, by issuer", options =>
            options.ForwardDefaultSelector = context => IsForeign(context.Request, hotlineIssuer) ? Scheme : JwtBearerDefaults.AuthenticationScheme);
        // Read in the call that meets a new key, not behind it (IdentityProviderKeys), on the
        // wall clock the hotline's tokens are stamped by.
        authentication.Services.AddOptions<JwtBearerOptions>(Scheme)
            .Configure<TimeProvider>((options, clock) => options.ConfigurationManager = IdentityProviderKeys.For(provider, clock));
        return authentication.AddJwtBearer(Scheme, options =>
        {
            options.MapInboundClaims = false;
            options.Authority = provider.Authority;
            options.Audience = provider.Audience;
            options.RequireHttpsMetadata = provider.HttpsRequired;
            options.RefreshInterval = provider.RefreshInterval;
            options.RefreshOnIssuerKeyNotFound = true;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = provider.Audience,
                ValidAlgorithms = Algorithms,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromMinutes(1),
                NameClaimType = HotlineClaims.Subject,
                RoleClaimType = HotlineClaims.Role,
            };
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = context => AdmitAsync(context, provider.Claims),
                OnAuthenticationFailed = context => UnreachableAsync(context, provider.KeySource),
                OnChallenge = GrpcRefusals.Challenge,
                OnForbidden = GrpcRefusals.Forbidden,
            };
        });
    }

    /// <summary>Whether the call's bearer token names an issuer other than the hotline's (read, not yet verified).</summary>
    private static bool IsForeign(HttpRequest request, string hotlineIssuer)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && IssuerOf(header.AsSpan("Bearer ".Length).Trim()) is { } issuer
            && issuer != hotlineIssuer;
    }

    /// <summary>
    /// The <c>iss</c> of a signed JWT's payload, or null when it has none or cannot be read (the
    /// hotline's scheme then refuses it as such). Read on every call, so only that claim is read.
    /// </summary>
    public static string? IssuerOf(ReadOnlySpan<char> token)
    {
        var first = token.IndexOf('.');
        var second = first < 0 ? -1 : token[(first + 1)..].IndexOf('.');
        if (second < 0)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(Base64Url.DecodeFromChars(token.Slice(first + 1, second)));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isIssuer = reader.ValueTextEquals("iss"u8);
                reader.Read();
                if (isIssuer)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }

            return null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Maps a verified token to the hotline's claims and refuses it if it was revoked.</summary>
    private static async Task AdmitAsync(TokenValidatedContext context, IdentityProviderClaimNames names)
    {
        try
        {
            var topology = context.HttpContext.RequestServices.GetRequiredService<RegionTopology>();
            context.Principal = new System.Security.Claims.ClaimsPrincipal(IdentityProviderClaims.Map((JsonWebToken)context.SecurityToken, names, topology, Scheme));
        }
        catch (TokenClaimsRefusedException refused)
        {
            LogRefused(Logger(context.HttpContext), refused.Message);
            context.Fail(refused);
            return;
        }

        await GatewaySecurity.RefuseRevokedAsync(context);
    }

    /// <summary>A token refused because the provider's keys were never read is the hotline's trouble: UNAVAILABLE, not UNAUTHENTICATED.</summary>
    private static async Task UnreachableAsync(AuthenticationFailedContext context, string keySource)
    {
        if (context.Options.ConfigurationManager is not { } keys)
        {
            return;
        }

        try
        {
            await keys.GetConfigurationAsync(context.HttpContext.RequestAborted);
        }
        catch (InvalidOperationException unreadable)
        {
            LogUnreachable(Logger(context.HttpContext), keySource);
            context.Fail(new IdentityProviderUnreachableException(unreadable));
        }
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdentityProvider));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a token of the identity provider: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The identity provider's keys could not be read from {Address}; its tokens are refused as UNAVAILABLE until they are")]
    private static partial void LogUnreachable(ILogger logger, string address);
}
