using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Hotline.Tests.Security;

/// <summary>
/// Staff signed in through an OpenID Connect provider (a Keycloak-like realm served by the test
/// process over loopback): its tokens get in beside the hotline's own, mapped to the same roles,
/// regions and responder; tokens of other keys, issuers or audiences, expired ones, ones that do
/// not say what the hotline needs and revoked ones are refused.
/// </summary>
public sealed class IdentityProviderTests(IdentityProviderTests.Realm realm) : IClassFixture<IdentityProviderTests.Realm>
{
    private readonly IdentityProviderServer _provider = realm.Provider;
    private readonly HotlineHost _host = realm.Host;

    /// <summary>A realm and a hotline that accepts its tokens, read through discovery.</summary>
    public sealed class Realm : IAsyncLifetime
    {
        public IdentityProviderServer Provider { get; private set; } = null!;

        public HotlineHost Host { get; private set; } = null!;

        public CapturedLogs Logs { get; } = new();

        public async Task InitializeAsync()
        {
            Provider = await IdentityProviderServer.StartAsync();
            Host = await HotlineHost.StartAsync(null, null, b => b.Logging.AddProvider(Logs), Provider.GatewaySettings());
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            await Provider.DisposeAsync();
        }
    }

    private static GetQueueStatsRequest Stats(string region) => new() { Regions = { region } };

    [Fact]
    public async Task AProviderTokenGetsInWithItsRolesRegionsAndResponderBesideTheHotlinesOwn()
    {
        var supervisor = _host.With(_provider.Issue("5b1f0c2e-sup", ["hotline-supervisor"], [People.Region]));
        Assert.Single((await supervisor.Supervisor.GetQueueStatsAsync(Stats(People.Region))).Regions);
        var outside = await Assert.ThrowsAsync<RpcException>(() => supervisor.Supervisor.GetQueueStatsAsync(Stats(People.OtherRegion)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, outside.StatusCode);
        var notAdmin = await Assert.ThrowsAsync<RpcException>(() => supervisor.Staff.RevokeSubjectAsync(new RevokeSubjectRequest { Subject = "anyone" }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notAdmin.StatusCode);

        // ES256 as well as RS256; an operator takes intake in their region only.
        var desk = _host.With(_provider.Issue("7d2c-desk", ["hotline-operator"], [People.Region], key: _provider.EcKey));
        Assert.NotEmpty((await desk.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"))).ContactId);
        var elsewhere = await Assert.ThrowsAsync<RpcException>(() => desk.Intake.OpenContactAsync(Requests.Contact("AZ-BA")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, elsewhere.StatusCode);

        // A responder acts as the responder its hotline_responder claim names, and as no other.
        await _host.Responders.UpsertResponderAsync(Requests.Responder("r-oidc-1", People.Region));
        var responder = _host.With(_provider.Issue("a41e-resp", ["hotline-responder"], responder: "r-oidc-1"));
        await responder.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "r-oidc-1", Presence = Presence.Break });
        var other = await Assert.ThrowsAsync<RpcException>(() =>
            responder.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "r-other", Presence = Presence.Break }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);

        // The hotline's own tokens work as before.
        Assert.Single((await _host.As(People.SupervisorIn).Supervisor.GetQueueStatsAsync(Stats(People.Region))).Regions);
    }

    [Fact]
    public async Task TokensOfAnotherKeyIssuerOrAudienceAndExpiredOnesAreRefused()
    {
        var stranger = new Microsoft.IdentityModel.Tokens.RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048));
        string[] supervisor = ["hotline-supervisor"];
        foreach (var (token, why) in new[]
        {
            // Another key under the realm key's own id, and under an id the realm never published.
            (_provider.Issue("s-1", supervisor, [People.Region], key: WithId(stranger, "rsa-1")), "not signed by"),
            (_provider.Issue("s-1", supervisor, [People.Region], key: WithId(stranger, "rsa-unknown")), "not signed by"),
            (_provider.Issue("s-1", supervisor, [People.Region], change: p => p["iss"] = "http://127.0.0.1:9/realms/other"), "issuer or audience"),
            (_provider.Issue("s-1", supervisor, [People.Region], change: p => p["aud"] = "account"), "issuer or audience"),
            (_provider.Issue("s-1", supervisor, [People.Region], issuedAt: DateTimeOffset.UtcNow.AddHours(-2), lifetime: TimeSpan.FromHours(1)), "the token has expired"),
            // Unreadable, or with a payload that is not JSON: no issuer to pick a scheme by, so the hotline's refuses it.
            ("not-a-token", "the token could not be read"),
            ("eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2ln", "the token could not be read"),
        })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => _host.With(token).Supervisor.GetQueueStatsAsync(Stats(People.Region)).ResponseAsync);
            Assert.Equal((StatusCode.Unauthenticated, true), (refused.StatusCode, refused.Status.Detail.Contains(why, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task ATokenMissingAClaimOrNamingAnUnknownRoleOrRegionIsRefusedAndLoggedWithoutItsContent()
    {
        foreach (var (token, claim) in new[]
        {
            (_provider.Issue("7f-norole", [], [People.Region]), "realm_access.roles"),
            (_provider.Issue("7f-root", ["hotline-root"], [People.Region]), "realm_access.roles"),
            (_provider.Issue("7f-atlantis", ["hotline-supervisor"], ["atlantis-9"]), "hotline_regions"),
            (_provider.Issue("7f-noregion", ["hotline-operator"]), "hotline_regions"),
            (_provider.Issue("7f-noresponder", ["hotline-responder"]), "hotline_responder"),
            (_provider.Issue("7f-nojti", ["hotline-supervisor"], [People.Region], change: p => p.Remove("jti")), "jti"),
            (_provider.Issue("7f-noiat", ["hotline-supervisor"], [People.Region], change: p => p.Remove("iat")), "iat"),
            (_provider.Issue("7f space", ["hotline-supervisor"], [People.Region]), "sub"),
            (_provider.Issue("7f-long", ["hotline-supervisor"], [People.Region], lifetime: TimeSpan.FromHours(800)), "720 hours"),
        })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => _host.With(token).Supervisor.GetQueueStatsAsync(Stats(People.Region)).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
            Assert.Contains(claim, refused.Status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("7f", refused.Status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("atlantis", refused.Status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("root", refused.Status.Detail, StringComparison.Ordinal);
        }

        var lines = realm.Logs.Lines.Where(l => l.Contains("Refused a token of the identity provider", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, lines.Count);
        Assert.DoesNotContain(lines, l => l.Contains("7f", StringComparison.Ordinal) || l.Contains("atlantis", StringComparison.Ordinal) || l.Contains("eyJ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AProviderTokenIsRevokedByItsIdAndByItsMappedSubject()
    {
        var lost = _provider.Issue("c9a0-lost", ["hotline-supervisor"], [People.Region]);
        var kept = _provider.Issue("c9a0-lost", ["hotline-supervisor"], [People.Region]);
        Assert.Single((await _host.With(lost).Supervisor.GetQueueStatsAsync(Stats(People.Region))).Regions);

        await _host.StaffAccess.RevokeTokenAsync(new RevokeTokenRequest { TokenId = IdentityProviderServer.TokenIdOf(lost) });

        await AssertRevokedAsync(lost);
        Assert.Single((await _host.With(kept).Supervisor.GetQueueStatsAsync(Stats(People.Region))).Regions);

        var leaver = _provider.Issue("c9a0-left", ["hotline-supervisor"], [People.Region], issuedAt: DateTimeOffset.UtcNow.AddSeconds(-5));
        await _host.StaffAccess.RevokeSubjectAsync(new RevokeSubjectRequest { Subject = "c9a0-left" });
        await AssertRevokedAsync(leaver);
        Assert.Single((await _host.With(kept).Supervisor.GetQueueStatsAsync(Stats(People.Region))).Regions);
    }

    private async Task AssertRevokedAsync(string token)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => _host.With(token).Supervisor.GetQueueStatsAsync(Stats(People.Region)).ResponseAsync);
        Assert.Equal((StatusCode.Unauthenticated, "the token was revoked: ask an administrator for a new one"), (refused.StatusCode, refused.Status.Detail));
    }

    private static Microsoft.IdentityModel.Tokens.SecurityKey WithId(Microsoft.IdentityModel.Tokens.RsaSecurityKey key, string id) =>
        new Microsoft.IdentityModel.Tokens.RsaSecurityKey(key.Rsa) { KeyId = id };
}
