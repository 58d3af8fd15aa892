using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Hotline.Access;
using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Hotline.Tests.Infrastructure;
using Hotline.Topology;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Hotline.Tests.Security;

/// <summary>
/// Where the identity provider's keys come from: read again when the provider rotates to a key not
/// seen yet, read from the key set alone when so configured, over https beyond loopback; while
/// they cannot be read its tokens are UNAVAILABLE and the hotline's own still get in. And the
/// claim names are the deployment's to choose. When they are read again is on the wall clock the
/// hotline is given, which a test drives.
/// </summary>
public sealed class IdentityProviderKeysTests
{
    private static readonly GetQueueStatsRequest Stats = new() { Regions = { People.Region } };
    private static readonly string[] Supervisor = ["hotline-supervisor"];
    private static readonly string[] InRegion = [People.Region];
    private static readonly string[] FlatRoles = ["responder", "supervisor"];
    private static readonly string[] WithKeycloaksOwn = ["supervisor", "offline_access"];

    [Fact]
    public async Task AfterTheProviderRotatesATokenOfItsNewKeyGetsInAtOnceAndTheOldKeysStillWork()
    {
        await using var provider = await IdentityProviderServer.StartAsync();
        // The key set alone, without discovery, as a provider without one is configured.
        await using var host = await HotlineHost.StartAsync(null, null, [.. provider.GatewaySettings(), $"--Hotline:Security:Oidc:JwksUri={provider.JwksUri}"]);
        var before = provider.Issue("rot-1", Supervisor, InRegion);
        Assert.Single((await host.With(before).Supervisor.GetQueueStatsAsync(Stats)).Regions);
        Assert.Equal(1, provider.KeySetReads);

        var rotated = provider.Rotate("rsa-2");
        var after = provider.Issue("rot-1", Supervisor, InRegion, key: rotated);

        Assert.Single((await host.With(after).Supervisor.GetQueueStatsAsync(Stats)).Regions);
        Assert.Equal(2, provider.KeySetReads);
        Assert.Single((await host.With(before).Supervisor.GetQueueStatsAsync(Stats)).Regions);
        Assert.Single((await host.With(provider.Issue("rot-2", Supervisor, InRegion, key: provider.EcKey)).Supervisor.GetQueueStatsAsync(Stats)).Regions);
        Assert.Equal(2, provider.KeySetReads);
    }

    [Fact]
    public async Task WhileTheProvidersKeysCannotBeReadItsTokensAreUnavailableAndTheHotlinesOwnGetIn()
    {
        await using var provider = await IdentityProviderServer.StartAsync();
        var gone = $"http://127.0.0.1:{ClosedPort()}/realms/hotline";
        await using var host = await HotlineHost.StartAsync(null, null,
            $"--Hotline:Security:Oidc:Authority={gone}", $"--Hotline:Security:Oidc:Audience={IdentityProviderServer.Audience}");
        var token = provider.Issue("un-1", Supervisor, InRegion, change: p => p["iss"] = gone);

        var refused = await Assert.ThrowsAsync<RpcException>(() => host.With(token).Supervisor.GetQueueStatsAsync(Stats).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("cannot check the identity provider's tokens right now", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Single((await host.As(People.SupervisorIn).Supervisor.GetQueueStatsAsync(Stats)).Regions);
    }

    [Fact]
    public async Task KeysBeyondLoopbackMustComeOverHttps()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => HotlineHost.StartAsync(null, null,
            "--Hotline:Security:Oidc:Authority=http://sso.example.org/realms/hotline", "--Hotline:Security:Oidc:Audience=hotline-gateway"));
        Assert.Contains("https", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimNamesAreConfigurableAndMapIntoTheSameCaller()
    {
        await using var provider = await IdentityProviderServer.StartAsync();
        var topology = RegionTopology.Load(Path.Combine(AppContext.BaseDirectory, "topology", "azerbaijan.regions.json"));
        var flat = new IdentityProviderClaimNames { Subject = "preferred_username", Roles = "roles", RolePrefix = "", Regions = "regions", ResponderId = "responder" };
        var token = provider.Issue("9e0b", [], change: p =>
        {
            p["roles"] = FlatRoles;
            p["regions"] = People.Region;
            p["responder"] = "r-flat";
        });

        var caller = HotlineClaims.ToCaller(new(IdentityProviderClaims.Map(new JsonWebToken(token), flat, topology, IdentityProvider.Scheme)));

        Assert.Equal(("9e0b-login", Roles.Responder | Roles.Supervisor, "r-flat"), (caller.Subject, caller.Roles, caller.ResponderId));
        Assert.Equal(new[] { People.Region }, caller.Regions);
        // With no prefix every role must be the hotline's: Keycloak's own defaults are refused.
        var keycloakDefaults = provider.Issue("9e0b", [], change: p => p["roles"] = WithKeycloaksOwn);
        Assert.Throws<TokenClaimsRefusedException>(() => IdentityProviderClaims.Map(new JsonWebToken(keycloakDefaults), flat, topology, IdentityProvider.Scheme));
        // Keycloak's defaults: realm roles with the prefix, its own roles beside them ignored.
        var realm = provider.Issue("9e0b", ["hotline-admin"]);
        Assert.Equal(Roles.Admin, HotlineClaims.ToCaller(new(IdentityProviderClaims.Map(new JsonWebToken(realm), new(), topology, IdentityProvider.Scheme))).Roles);
    }

    [Fact]
    public async Task KeysAreReadAgainAfterTwelveHoursOnARefreshAtMostOncePerIntervalAndAFailedReadIsRetriedAfterTwoSeconds()
    {
        var clock = new FakeTimeProvider(HotlineHost.Start);
        var provider = new CountingRetriever();
        using var keys = new IdentityProviderKeys("http://127.0.0.1:1/keys", provider, new NoDocuments(), TimeSpan.FromMinutes(5), clock);

        var first = await keys.GetConfigurationAsync(CancellationToken.None);
        Assert.Same(first, await keys.GetConfigurationAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        await keys.GetConfigurationAsync(CancellationToken.None);
        Assert.Equal(1, provider.Reads);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotSame(first, await keys.GetConfigurationAsync(CancellationToken.None));
        Assert.Equal(2, provider.Reads);

        // A token naming an unknown key asks for a refresh: honoured once, then not again within the interval.
        keys.RequestRefresh();
        await keys.GetConfigurationAsync(CancellationToken.None);
        Assert.Equal(3, provider.Reads);
        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        keys.RequestRefresh();
        await keys.GetConfigurationAsync(CancellationToken.None);
        Assert.Equal(3, provider.Reads);
        clock.Advance(TimeSpan.FromSeconds(1));
        keys.RequestRefresh();
        var kept = await keys.GetConfigurationAsync(CancellationToken.None);
        Assert.Equal(4, provider.Reads);

        // The provider goes down: the keys read before are kept, and it is asked again only two seconds later.
        provider.Down = true;
        clock.Advance(TimeSpan.FromHours(12));
        Assert.Same(kept, await keys.GetConfigurationAsync(CancellationToken.None));
        Assert.Equal(5, provider.Reads);
        clock.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1));
        Assert.Same(kept, await keys.GetConfigurationAsync(CancellationToken.None));
        Assert.Equal(5, provider.Reads);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        provider.Down = false;
        Assert.NotSame(kept, await keys.GetConfigurationAsync(CancellationToken.None));
        await keys.GetConfigurationAsync(CancellationToken.None);
        Assert.Equal(6, provider.Reads);
    }

    /// <summary>An identity provider that answers with a new configuration on every read, or fails while down.</summary>
    private sealed class CountingRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public int Reads { get; private set; }

        public bool Down { get; set; }

        public Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            Reads++;
            return Down ? Task.FromException<OpenIdConnectConfiguration>(new HttpRequestException("down")) : Task.FromResult(new OpenIdConnectConfiguration { Issuer = $"read-{Reads}" });
        }
    }

    private sealed class NoDocuments : IDocumentRetriever
    {
        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) => throw new InvalidOperationException("not read in this test");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
