using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Gateway;

/// <summary>Queued call-backs through the API, on the hotline's fake clock (attempts 3, retry delay 10 minutes: the defaults).</summary>
public sealed class CallBackTests : HostedTest
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(10);

    private async Task<RecordCallBackOutcomeResponse> AttemptAsync(ResponderSession desk, string contactId, int attempt, CallBackOutcome outcome)
    {
        var offer = await desk.NextOfferAsync(contactId);
        Assert.Equal(attempt, offer.CallBack?.Attempt);
        Assert.Equal(3, offer.CallBack!.MaxAttempts);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = desk.ResponderId, ContactId = contactId });
        return await Host.Responders.RecordCallBackOutcomeAsync(new RecordCallBackOutcomeRequest { ResponderId = desk.ResponderId, ContactId = contactId, Outcome = outcome });
    }

    [Fact]
    public async Task ACallBackKeepsItsPlaceSurvivesAHangUpIsRetriedAfterTheDelayAndEndsUnreachedAfterTheLastAttempt()
    {
        var first = await Host.Intake.OpenContactAsync(Requests.Contact("baku"));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await Host.Intake.OpenContactAsync(Requests.Contact("baku"));

        var asked = await Host.Intake.RequestCallBackAsync(new RequestCallBackRequest { ContactId = first.ContactId });
        Assert.Equal((ContactStatus.Queued, CallBackReason.CallerAsked), (asked.Status, asked.CallBack.Reason));
        var again = await Host.Intake.RequestCallBackAsync(new RequestCallBackRequest { ContactId = first.ContactId });
        Assert.Equal(asked.CallBack, again.CallBack);
        // The caller hangs up after asking: the request stands.
        var hungUp = await Host.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = first.ContactId });
        Assert.Equal(ContactStatus.Queued, hungUp.Status);
        Assert.Equal((2, 1), ((await Host.QueueAsync("baku")).Waiting, (await Host.QueueAsync("baku")).CallBacksWaiting));

        await using var desk = await Host.OnlineResponderAsync(Requests.Responder("baku-caller", "baku"));
        // First in, first offered: as a call-back, attempt 1.
        var missed = await AttemptAsync(desk, first.ContactId, 1, CallBackOutcome.NotReached);
        Assert.Equal(ContactStatus.Queued, missed.Status);
        Assert.Equal(1, missed.CallBack.FailedAttempts);
        Assert.Equal(Host.Clock.GetUtcNow() + RetryDelay, missed.CallBack.NextAttemptAt.ToDateTimeOffset());

        // Held back by the delay, so the contact behind it goes first.
        var next = await desk.NextOfferAsync();
        Assert.Equal((second.ContactId, null), (next.ContactId, next.CallBack));
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "baku-caller", ContactId = second.ContactId });
        await Host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "baku-caller", ContactId = second.ContactId });

        Host.Clock.Advance(RetryDelay);
        Assert.Equal(2, (await AttemptAsync(desk, first.ContactId, 2, CallBackOutcome.NotReached)).CallBack.FailedAttempts);
        Host.Clock.Advance(RetryDelay);
        var last = await AttemptAsync(desk, first.ContactId, 3, CallBackOutcome.NotReached);
        Assert.Equal((ContactStatus.Unreached, 3), (last.Status, last.CallBack.FailedAttempts));
        Assert.Null(last.CallBack.NextAttemptAt);

        // A repeat of the outcome recorded answers the same and counts nothing twice.
        var repeat = await Host.Responders.RecordCallBackOutcomeAsync(new RecordCallBackOutcomeRequest { ResponderId = "baku-caller", ContactId = first.ContactId, Outcome = CallBackOutcome.NotReached });
        Assert.Equal(last, repeat);

        Host.Clock.Advance(RetryDelay);
        var queue = await Host.QueueAsync("baku");
        Assert.Equal((0, 0, 1, 1), (queue.Waiting, queue.CallBacksWaiting, queue.Today.CallBacksRequested, queue.Today.CallBacksUnreached));
        var history = await Host.Cases.GetHistoryAsync(new GetHistoryRequest { CaseId = first.CaseId });
        Assert.Contains(history.Events, e => e.Kind == "call_back_unreached" && e.Detail == "3");
        Assert.Empty((await Host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "baku-caller" })).Assignments);
    }

    [Fact]
    public async Task AReachedCallBackStaysConnectedAndCompletesAsAContact()
    {
        await using var desk = await Host.OnlineResponderAsync(Requests.Responder("baku-reach", "baku"));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("baku"));
        var live = await desk.NextOfferAsync(contact.ContactId);
        Assert.Null(live.CallBack);

        // Asked while offered live: that offer is withdrawn and the call-back offered in its place.
        await Host.Intake.RequestCallBackAsync(new RequestCallBackRequest { ContactId = contact.ContactId });
        var rescinded = await desk.NextAsync(e => e.EventCase == ResponderEvent.EventOneofCase.OfferRescinded, "the live offer withdrawn");
        Assert.Equal(live.OfferId, rescinded.OfferRescinded.Offer.OfferId);
        var reached = await AttemptAsync(desk, contact.ContactId, 1, CallBackOutcome.Reached);
        Assert.Equal(ContactStatus.Connected, reached.Status);

        await Host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "baku-reach", ContactId = contact.ContactId });
        Assert.Equal(ContactStatus.Completed, (await Host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId })).Status);
    }

    [Fact]
    public async Task AnOutcomeForAContactThatIsNotAConnectedCallBackIsRefused()
    {
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("baku"));
        await Host.Responders.UpsertResponderAsync(Requests.Responder("baku-none", "baku"));
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await Host.Responders.RecordCallBackOutcomeAsync(
            new RecordCallBackOutcomeRequest { ResponderId = "baku-none", ContactId = contact.ContactId, Outcome = CallBackOutcome.Reached }));
        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, refused.StatusCode);

        var noOutcome = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await Host.Responders.RecordCallBackOutcomeAsync(
            new RecordCallBackOutcomeRequest { ResponderId = "baku-none", ContactId = contact.ContactId }));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, noOutcome.StatusCode);
        Assert.Contains("outcome", noOutcome.Status.Detail, StringComparison.Ordinal);
    }
}
