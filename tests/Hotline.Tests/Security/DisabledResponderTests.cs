using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Security;

/// <summary>
/// Offboarding: an admin disables a responder. Their stream ends at once, the offer they held
/// goes to someone else, their own token opens nothing and nobody can set them available; once
/// enabled again they are back, offline until they say otherwise.
/// </summary>
public sealed class DisabledResponderTests : HostedTest
{
    private const string Leaving = "r-leaving";
    private const string Staying = "r-staying";

    [Fact]
    public async Task ADisabledRespondersStreamEndsTheirOfferMovesAndTheirTokenOpensNothing()
    {
        var own = Host.As(HotlineHost.ResponderClaims(Leaving));
        await Host.OnlineResponderAsync(Requests.Responder(Leaving, "baku"), connect: false);
        using var stream = own.Responders.WatchOffers(new WatchOffersRequest { ResponderId = Leaving });
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("baku"));
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(contact.ContactId, stream.ResponseStream.Current.OfferMade?.ContactId);
        await using var staying = await Host.OnlineResponderAsync(Requests.Responder(Staying, "baku"));

        var disabled = await Host.As(People.Admin).Staff.DisableResponderAsync(new ResponderAccessRequest { ResponderId = Leaving });

        Assert.Equal(Leaving, disabled.ResponderId);
        Assert.NotNull(disabled.DisabledAt);
        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await stream.ResponseStream.MoveNext(CancellationToken.None))
            {
                Assert.NotEqual(ResponderEvent.EventOneofCase.OfferMade, stream.ResponseStream.Current.EventCase);
            }
        });
        Assert.Equal((StatusCode.FailedPrecondition, "responder_id: the responder is disabled"), (ended.StatusCode, ended.Status.Detail));
        await staying.NextOfferAsync(contact.ContactId);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await own.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = Leaving }));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        var fresh = Host.With(Host.Issuer.Issue(HotlineHost.ResponderClaims(Leaving), DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));
        var presence = await Assert.ThrowsAsync<RpcException>(async () =>
            await fresh.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = Leaving, Presence = Presence.Available }));
        Assert.Equal(StatusCode.Unauthenticated, presence.StatusCode);
        var bySupervisor = await Assert.ThrowsAsync<RpcException>(async () => await Host.As(People.SupervisorOut).Supervisor.SetResponderPresenceAsync(
            new SetResponderPresenceRequest { ResponderId = Leaving, Presence = Presence.Available }));
        Assert.Equal((StatusCode.FailedPrecondition, "responder_id: the responder is disabled"), (bySupervisor.StatusCode, bySupervisor.Status.Detail));
        var seen = await Host.As(People.SupervisorOut).Responders.GetResponderAsync(new GetResponderRequest { ResponderId = Leaving });
        Assert.Equal((Presence.Offline, false, disabled.DisabledAt), (seen.Presence, seen.Connected, seen.DisabledAt));
    }

    [Fact]
    public async Task AnEnabledResponderWorksAgainOfflineUntilTheySetPresence()
    {
        var own = Host.As(HotlineHost.ResponderClaims(Leaving));
        await Host.OnlineResponderAsync(Requests.Responder(Leaving, "baku"), connect: false);
        var admin = Host.As(People.Admin);
        await admin.Staff.DisableResponderAsync(new ResponderAccessRequest { ResponderId = Leaving });
        var again = await admin.Staff.DisableResponderAsync(new ResponderAccessRequest { ResponderId = Leaving });

        var enabled = await admin.Staff.EnableResponderAsync(new ResponderAccessRequest { ResponderId = Leaving });

        Assert.Null(enabled.DisabledAt);
        Assert.NotNull(again.DisabledAt);
        var back = await own.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = Leaving });
        Assert.Equal((Presence.Offline, null), (back.Presence, back.DisabledAt));
        await own.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = Leaving, Presence = Presence.Available });
        await using var session = await ResponderSession.ConnectAsync(own.Responders, Leaving);
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("baku"));
        await session.NextOfferAsync(contact.ContactId);
    }

    [Fact]
    public async Task OnlyAnAdminDisablesAndAnUnknownResponderIsNamedWithoutItsValue()
    {
        await Host.OnlineResponderAsync(Requests.Responder(Leaving, "baku"), connect: false);
        var supervisor = await Assert.ThrowsAsync<RpcException>(async () =>
            await Host.As(People.SupervisorOut).Staff.DisableResponderAsync(new ResponderAccessRequest { ResponderId = Leaving }));
        Assert.Equal(StatusCode.PermissionDenied, supervisor.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(async () =>
            await Host.As(People.Admin).Staff.DisableResponderAsync(new ResponderAccessRequest { ResponderId = "bad id\n" }));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.DoesNotContain("bad id", bad.Status.Detail, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<RpcException>(async () =>
            await Host.As(People.Admin).Staff.DisableResponderAsync(new ResponderAccessRequest { ResponderId = "r-nobody" }));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        // Nothing changed: the responder still works.
        await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = Leaving, Presence = Presence.Available });
    }
}
