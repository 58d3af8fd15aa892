using System.Net;
using Hotline.Security;

namespace Hotline.Gateway.Security;

/// <summary>
/// An OpenID Connect issuer whose access tokens the gateway accepts beside its own (section
/// <c>Hotline:Security:Oidc</c>); off while <see cref="Authority"/> is empty. Its keys come from
/// the issuer's discovery document and JWKS, its claims are mapped by <see cref="Claims"/>.
/// </summary>
public sealed class IdentityProviderOptions
{
    public const string Section = $"{SecurityOptions.Section}:Oidc";

    /// <summary>The issuer, as its tokens name it (a Keycloak realm: https://HOST/realms/REALM).</summary>
    public string Authority { get; set; } = "";

    /// <summary>The audience its tokens must name (a Keycloak client id, put in <c>aud</c> by an audience mapper).</summary>
    public string Audience { get; set; } = "";

    /// <summary>The discovery document; empty means the authority's <c>/.well-known/openid-configuration</c>.</summary>
    public string MetadataAddress { get; set; } = "";

    /// <summary>The issuer's key set, read directly instead of through discovery (optional).</summary>
    public string JwksUri { get; set; } = "";

    /// <summary>Keys only over https; plain http is allowed on loopback whatever this says.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// The least time between two key reads caused by a token whose key is unknown (a rotation);
    /// the keys are also read again every 12 hours.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Which of its claims say who the caller is and what they may do.</summary>
    public IdentityProviderClaimNames Claims { get; set; } = new();

    public bool Enabled => Authority.Length > 0;

    /// <summary>Where its keys are read from: the key set when named, else the discovery document.</summary>
    public string KeySource => JwksUri.Length > 0 ? JwksUri
        : MetadataAddress.Length > 0 ? MetadataAddress
        : $"{Authority.TrimEnd('/')}/.well-known/openid-configuration";

    /// <summary>Whether its keys must come over https (not when they are read on this machine).</summary>
    public bool HttpsRequired => RequireHttpsMetadata && !IsLoopback(KeySource);

    public static IdentityProviderOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<IdentityProviderOptions>() ?? new IdentityProviderOptions();

    /// <summary>Refuses settings that would accept tokens nobody can check.</summary>
    public void Validate()
    {
        if (!Enabled)
        {
            return;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException($"{Section}:Authority must be an absolute URL (the issuer its tokens name).");
        }

        if (Audience.Length == 0)
        {
            throw new InvalidOperationException($"{Section}:Audience is required: the audience the identity provider's tokens name for the hotline.");
        }

        if (!Uri.TryCreate(KeySource, UriKind.Absolute, out var keys) || (HttpsRequired && keys.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException(
                $"{Section}: the identity provider's keys ({KeySource}) must be read over https, unless on loopback or {Section}:RequireHttpsMetadata is false.");
        }

        if (RefreshInterval < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"{Section}:RefreshInterval must be at least one second.");
        }

        Claims.Validate();
    }

    private static bool IsLoopback(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri)
        && (uri.Host == "localhost" || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
}

/// <summary>
/// The identity provider's claims the hotline reads (Keycloak's by default). A name is a claim of
/// the token, or a path into one with dots (<c>realm_access.roles</c>) when no claim has that name.
/// </summary>
public sealed class IdentityProviderClaimNames
{
    /// <summary>Who: the subject revocations name and the audit records (a login of letters, digits and . _ @ -).</summary>
    public string Subject { get; set; } = "sub";

    /// <summary>The roles: Keycloak's realm roles by default, or a flat <c>roles</c> claim.</summary>
    public string Roles { get; set; } = "realm_access.roles";

    /// <summary>
    /// The prefix of the roles that are the hotline's (<c>hotline-operator</c> is operator); roles
    /// without it are the provider's own and ignored. Empty: every role must be a hotline role.
    /// </summary>
    public string RolePrefix { get; set; } = "hotline-";

    /// <summary>The regions an operator or supervisor covers (codes of the topology, or <c>*</c>).</summary>
    public string Regions { get; set; } = "hotline_regions";

    /// <summary>The responder a responder's token acts as.</summary>
    public string ResponderId { get; set; } = "hotline_responder";

    public void Validate()
    {
        foreach (var (name, value) in new[] { (nameof(Subject), Subject), (nameof(Roles), Roles), (nameof(Regions), Regions), (nameof(ResponderId), ResponderId) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException($"{IdentityProviderOptions.Section}:Claims:{name} must name a claim.");
            }
        }
    }
}
