using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Security;

/// <summary>
/// A lost phone's token, or every token of someone who left, revoked through one gateway: refused
/// there at once and on a second gateway of the same cluster within its refresh interval; the
/// person's other tokens, and tokens issued after, still work.
/// </summary>
public sealed class RevocationTests(RevocationTests.TwoGateways gateways) : IClassFixture<RevocationTests.TwoGateways>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly HotlineHost _first = gateways.First;
    private readonly SecondGateway _second = gateways.Second;

    /// <summary>One embedded hotline and a second gateway for the class; each test revokes tokens of subjects of its own.</summary>
    public sealed class TwoGateways : IAsyncLifetime
    {
        public HotlineHost First { get; private set; } = null!;

        public SecondGateway Second { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            First = await HotlineHost.StartAsync(null, null, [.. SecondGateway.HostSettings(), "--Hotline:Security:RevocationRefresh=00:00:01"]);
            Second = await SecondGateway.StartAsync(First, "--Hotline:Security:RevocationRefresh=00:00:01");
        }

        public async Task DisposeAsync()
        {
            await Second.DisposeAsync();
            await First.DisposeAsync();
        }
    }

    [Fact]
    public async Task ARevokedTokenIsRefusedOnEveryGatewayAndTheHoldersOtherTokensStillWork()
    {
        var desk = new TokenClaims("desk-7", ["operator"], [People.Region]);
        var lost = _first.Issuer.Issue(desk, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), out var lostId);
        var kept = _first.Issuer.Issue(desk, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        await AssertWorksAsync(_second.With(lost));

        await _first.StaffAccess.RevokeTokenAsync(new RevokeTokenRequest { TokenId = lostId });

        await AssertRefusedAsync(_first.With(lost));
        await RefusedOnTheOtherGatewayAsync(_second.With(lost), onSecond: true);
        await AssertWorksAsync(_first.With(kept));
        await AssertWorksAsync(_second.With(kept));
    }

    [Fact]
    public async Task RevokingASubjectRefusesEveryTokenIssuedUntilThenButNotOneIssuedAfter()
    {
        var volunteer = new TokenClaims("volunteer-3", ["supervisor"], [People.Region]);
        var older = _first.Issuer.Issue(volunteer, DateTimeOffset.UtcNow.AddHours(-2), TimeSpan.FromHours(12));
        var recent = _first.Issuer.Issue(volunteer, DateTimeOffset.UtcNow, TimeSpan.FromHours(12));

        await _second.With(_first.Token(People.Admin)).Staff.RevokeSubjectAsync(new RevokeSubjectRequest { Subject = "volunteer-3" });

        await AssertRefusedAsync(_second.With(older));
        await AssertRefusedAsync(_second.With(recent));
        await RefusedOnTheOtherGatewayAsync(_first.With(recent), onSecond: false);
        // Re-admitted with a token issued after the revocation (tokens carry whole seconds).
        var readmitted = _first.Issuer.Issue(volunteer, DateTimeOffset.UtcNow.AddSeconds(2), TimeSpan.FromHours(1));
        await AssertWorksAsync(_first.With(readmitted));
        await AssertWorksAsync(_second.With(readmitted));
    }

    [Fact]
    public async Task OnlyAnAdminRevokesAndABadIdIsNamedWithoutItsValue()
    {
        var supervisor = _first.As(People.SupervisorIn);
        var notAdmin = await Assert.ThrowsAsync<RpcException>(async () =>
            await supervisor.Staff.RevokeTokenAsync(new RevokeTokenRequest { TokenId = Guid.NewGuid().ToString("N") }));
        Assert.Equal(StatusCode.PermissionDenied, notAdmin.StatusCode);

        var bad = await Assert.ThrowsAsync<RpcException>(async () =>
            await _first.StaffAccess.RevokeTokenAsync(new RevokeTokenRequest { TokenId = "not-a-token-id\n" }));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("token_id", bad.Status.Detail + string.Concat(bad.Trailers.Select(t => t.IsBinary ? System.Text.Encoding.UTF8.GetString(t.ValueBytes) : t.Value)), StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-token-id", bad.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStreamOpenedBeforeTheRevocationEndsAtItsNextMessageWhichItDoesNotDeliver()
    {
        var watcher = _first.Issuer.Issue(new TokenClaims("sup-night", ["supervisor"], [People.Region]), DateTimeOffset.UtcNow, TimeSpan.FromHours(1), out var watcherId);
        using var stream = _second.With(watcher).Supervisor.WatchQueues(new WatchQueuesRequest());
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
        Assert.NotNull(stream.ResponseStream.Current.Snapshot);

        await _first.StaffAccess.RevokeTokenAsync(new RevokeTokenRequest { TokenId = watcherId });
        await RefusedOnTheOtherGatewayAsync(_second.With(watcher), onSecond: true);
        var crisis = await _first.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", urgency: Urgency.ImminentDanger));

        var seen = new List<QueueUpdate>();
        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await stream.ResponseStream.MoveNext(CancellationToken.None))
            {
                seen.Add(stream.ResponseStream.Current);
            }
        });
        Assert.Equal((StatusCode.Unauthenticated, "the token was revoked: ask an administrator for a new one"), (ended.StatusCode, ended.Status.Detail));
        Assert.DoesNotContain(seen, u => u.Alert?.ContactId == crisis.ContactId);
    }

    [Fact]
    public async Task ADisabledRespondersTokensAreRefusedOnEveryGatewayUntilTheyAreEnabledFromTheCommandLine()
    {
        await _first.Responders.UpsertResponderAsync(Requests.Responder("r-seconded", People.Region));
        var token = _first.Issuer.Issue(Infrastructure.HotlineHost.ResponderClaims("r-seconded"), DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        await AssertWorksAsync(_second.With(token));

        var disabled = await Cli.CliRun.RunAsync(_first, People.Admin, "staff", "disable-responder", "r-seconded");

        Assert.True(disabled.ExitCode == 0, disabled.Error);
        Assert.StartsWith("Responder r-seconded is disabled since ", disabled.Output.Trim(), StringComparison.Ordinal);
        await AssertRefusedAsync(_first.With(token));
        await RefusedOnTheOtherGatewayAsync(_second.With(token), onSecond: true);

        var enabled = await Cli.CliRun.RunAsync(_first, People.Admin, "staff", "enable-responder", "r-seconded");
        Assert.True(enabled.ExitCode == 0, enabled.Error);
        using var bound = new CancellationTokenSource(Bound);
        await Cache(_second.Services).WaitForVersionAsync(Cache(_first.Services).Version, bound.Token);
        await AssertWorksAsync(_second.With(token));
    }

    [Fact]
    public async Task AnAdminRevokesFromTheCommandLine()
    {
        var desk = new TokenClaims("desk-9", ["operator"], [People.Region]);
        var lost = _first.Issuer.Issue(desk, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), out var lostId);
        var left = _first.Issuer.Issue(new TokenClaims("left-2", ["operator"], [People.Region]), DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        var kept = _first.Issuer.Issue(desk, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

        var byToken = await Cli.CliRun.RunAsync(_first, People.Admin, "staff", "revoke-token", lostId);
        var bySubject = await Cli.CliRun.RunAsync(_first, People.Admin, "staff", "revoke-subject", "left-2");
        var notAdmin = await Cli.CliRun.RunAsync(_first, People.SupervisorIn, "staff", "revoke-subject", "desk-9");

        Assert.True(byToken.ExitCode == 0, byToken.Error);
        Assert.StartsWith("Token revoked at ", byToken.Output.Trim(), StringComparison.Ordinal);
        Assert.True(bySubject.ExitCode == 0, bySubject.Error);
        Assert.Contains("Every token of left-2 issued until", bySubject.Output, StringComparison.Ordinal);
        Assert.Equal(5, notAdmin.ExitCode);
        await AssertRefusedAsync(_first.With(lost));
        await AssertRefusedAsync(_first.With(left));
        // The refused supervisor's attempt on desk-9 took no effect: its token from before still works.
        await AssertWorksAsync(_first.With(kept));
    }

    private static async Task AssertWorksAsync(HotlineClients clients) =>
        Assert.NotEmpty((await clients.Cases.ListPartnersAsync(new ListPartnersRequest())).Partners);

    private static async Task AssertRefusedAsync(HotlineClients clients)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await clients.Cases.ListPartnersAsync(new ListPartnersRequest()));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal("the token was revoked: ask an administrator for a new one", refused.Status.Detail);
    }

    /// <summary>
    /// The gateway that did not take the revocation reads the list every second here: await its
    /// refresh to the version the revoking gateway holds (the event itself, bounded), then the
    /// token must be refused there.
    /// </summary>
    private async Task RefusedOnTheOtherGatewayAsync(HotlineClients clients, bool onSecond)
    {
        var (revoking, other) = onSecond ? (Cache(_first.Services), Cache(_second.Services)) : (Cache(_second.Services), Cache(_first.Services));
        using var bound = new CancellationTokenSource(Bound);
        await other.WaitForVersionAsync(revoking.Version, bound.Token);
        await AssertRefusedAsync(clients);
    }

    private static RevocationCache Cache(IServiceProvider services) => services.GetRequiredService<RevocationCache>();
}
