using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hotline.Tests.Infrastructure;

/// <summary>
/// An OpenID Connect issuer in the test process, laid out as a Keycloak realm: a discovery
/// document and a key set (JWKS) served over loopback HTTP, and tokens signed with its keys
/// (RS256 and ES256). No network: the gateway under test reads the keys from here.
/// </summary>
public sealed class IdentityProviderServer : IAsyncDisposable
{
    public const string Audience = "hotline-gateway";

    private static readonly string[] Algorithms = ["RS256", "ES256"];

    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly List<SecurityKey> _published = [];
    private int _keySetReads;

    private IdentityProviderServer(WebApplication app) => _app = app;

    /// <summary>The realm's issuer, as its tokens name it.</summary>
    public string Authority { get; private set; } = "";

    /// <summary>The realm's key set, for a gateway that reads it without discovery.</summary>
    public string JwksUri => $"{Authority}/protocol/openid-connect/certs";

    /// <summary>How many times the key set was read.</summary>
    public int KeySetReads => Volatile.Read(ref _keySetReads);

    /// <summary>The RSA key the realm signs with from the start.</summary>
    public SecurityKey RsaKey { get; } = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rsa-1" };

    /// <summary>An EC P-256 key the realm also publishes from the start.</summary>
    public SecurityKey EcKey { get; } = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "ec-1" };

    public static async Task<IdentityProviderServer> StartAsync()
    {
        // The gateway's appsettings.json lies beside the tests: its endpoint is replaced, HTTP/1.1 as a provider serves.
        var builder = WebApplication.CreateSlimBuilder(["--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0", "--Kestrel:EndpointDefaults:Protocols=Http1"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new IdentityProviderServer(app);
        server.Publish(server.RsaKey);
        server.Publish(server.EcKey);
        app.MapGet("/realms/hotline/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = server.Authority,
            ["jwks_uri"] = server.JwksUri,
            ["id_token_signing_alg_values_supported"] = Algorithms,
        }));
        app.MapGet("/realms/hotline/protocol/openid-connect/certs", () =>
        {
            Interlocked.Increment(ref server._keySetReads);
            lock (server._gate)
            {
                return Results.Json(new Dictionary<string, object> { ["keys"] = server._published.Select(JsonWebKeyConverter.ConvertFromSecurityKey).Select(Public).ToArray() });
            }
        });
        await app.StartAsync();
        server.Authority = $"{app.Urls.Single()}/realms/hotline";
        return server;
    }

    /// <summary>A new RSA key, published in the key set from now on (a rotation at the provider).</summary>
    public SecurityKey Rotate(string keyId)
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = keyId };
        Publish(key);
        return key;
    }

    private void Publish(SecurityKey key)
    {
        lock (_gate)
        {
            _published.Add(key);
        }
    }

    /// <summary>The settings of a hotline that accepts this realm's tokens, read through discovery.</summary>
    public string[] GatewaySettings() =>
    [
        $"--Hotline:Security:Oidc:Authority={Authority}",
        $"--Hotline:Security:Oidc:Audience={Audience}",
    ];

    /// <summary>
    /// A Keycloak-like access token: realm roles under realm_access.roles (with Keycloak's own
    /// default roles beside the hotline's), hotline_regions and hotline_responder as attribute
    /// mappers put them. <paramref name="change"/> adjusts the payload before signing.
    /// </summary>
    public string Issue(string subject, string[] realmRoles, string[]? regions = null, string? responder = null,
        SecurityKey? key = null, Action<Dictionary<string, object>>? change = null, DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null)
    {
        var now = issuedAt ?? DateTimeOffset.UtcNow;
        var payload = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["iss"] = Authority,
            ["aud"] = Audience,
            ["sub"] = subject,
            ["jti"] = $"onrtac:{Guid.NewGuid()}",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + (lifetime ?? TimeSpan.FromMinutes(5))).ToUnixTimeSeconds(),
            ["typ"] = "Bearer",
            ["azp"] = "hotline-cli",
            ["preferred_username"] = $"{subject}-login",
            ["realm_access"] = new Dictionary<string, object> { ["roles"] = realmRoles.Concat(["offline_access", "uma_authorization", "default-roles-hotline"]).ToArray() },
        };
        if (regions is not null)
        {
            payload["hotline_regions"] = regions;
        }

        if (responder is not null)
        {
            payload["hotline_responder"] = responder;
        }

        change?.Invoke(payload);
        var signing = key ?? RsaKey;
        var algorithm = signing is ECDsaSecurityKey ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(
            System.Text.Json.JsonSerializer.Serialize(payload), new SigningCredentials(signing, algorithm));
    }

    /// <summary>The id a token carries, as an admin would read it from the provider.</summary>
    public static string TokenIdOf(string token) => new JsonWebToken(token).Id;

    /// <summary>The public half only, as a key set publishes it.</summary>
    private static Dictionary<string, object> Public(JsonWebKey key)
    {
        var entry = new Dictionary<string, object> { ["kty"] = key.Kty, ["kid"] = key.Kid, ["use"] = "sig" };
        if (key.Kty == "RSA")
        {
            entry["alg"] = "RS256";
            entry["n"] = key.N;
            entry["e"] = key.E;
        }
        else
        {
            entry["alg"] = "ES256";
            entry["crv"] = key.Crv;
            entry["x"] = key.X;
            entry["y"] = key.Y;
        }

        return entry;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
