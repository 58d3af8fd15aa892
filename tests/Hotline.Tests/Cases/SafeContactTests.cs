using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Cases;

/// <summary>
/// A case's safe-contact rules gate its follow-ups: offered only inside the safe window (on the
/// hotline's clock, Asia/Baku (UTC+4) as shipped) and on the safe channel; the offer shows the rules and the code
/// word to the responder offered it alone; a change of the rules reaches work already waiting.
/// </summary>
public sealed class SafeContactTests : HostedTest
{
    private static readonly SafeWindow TenToFive = new() { Opens = "10:00", Closes = "17:00" };

    // Test hotlines start at 09:00 UTC, 13:00 on the hotline's clock (Asia/Baku, UTC+4, no summer time).
    private static readonly TimeSpan Baku = TimeSpan.FromHours(4);

    [Fact]
    public async Task ACallBackDueAt2200WithASafeWindowOf10To17IsOfferedAt1000TheNextDayOnTheSafeChannelOnly()
    {
        await using var leyla = await Host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        // Idle longest, but on voice alone: the safe channel is chat.
        await using var rauf = await Host.OnlineResponderAsync(Requests.Responder("rauf", CaseScenario.Region, voice: 5));
        var cases = new CaseScenario(Host, leyla);
        var contact = await cases.AssignedAsync();
        await ConsentAsync(contact.CaseId, TenToFive, codeWord: "sunflower");
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        await using var sana = await Host.OnlineResponderAsync(Requests.Responder("sana", CaseScenario.Region, voice: 0, chat: 2));
        var at2200 = new DateTimeOffset(HotlineHost.Start.Date.AddHours(22), Baku);
        var callBack = await cases.AsOwner.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest
        {
            CaseId = contact.CaseId, Kind = FollowUpKind.CallBack, DueAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(at2200), Note = "Ask about the passport",
        });
        await cases.CompleteAsync(contact);
        await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "leyla", Presence = Presence.Break });

        // Due at 22:00: routed, and waiting (the window is closed) through the night.
        Host.Clock.SetUtcNow(at2200);
        await Host.Services.GetRequiredService<Hotline.Cases.FollowUpScheduler>().RouteDueAsync();
        Assert.NotNull((await cases.ReadAsync(contact.CaseId)).FollowUps.Single().RoutedAt);
        // At 09:59 a contact nobody can take arrives: its arrival runs the matching then and there.
        Host.Clock.SetUtcNow(at2200.AddHours(11).AddMinutes(59));
        await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez"));
        var night = await Host.QueueAsync(CaseScenario.Region);
        Assert.Equal((2, 0), (night.Waiting, night.Offered));

        Host.Clock.SetUtcNow(at2200.AddHours(12));
        var offer = await sana.NextOfferAsync();

        Assert.Equal((WorkKind.FollowUp, Channel.Chat, contact.CaseId), (offer.Kind, offer.Channel, offer.CaseId));
        Assert.Equal(("sunflower", true, Channel.Chat), (offer.SafeContact.CodeWord, offer.SafeContact.NoMessage, offer.SafeContact.Channel));
        Assert.Equal(("10:00", "17:00"), (offer.SafeContact.Window.Opens, offer.SafeContact.Window.Closes));
        Assert.Equal(1, (await Host.QueueAsync(CaseScenario.Region)).Offered);
        Assert.DoesNotContain(rauf.Drain(), e => e.EventCase == ResponderEvent.EventOneofCase.OfferMade);
        Assert.Equal(callBack.FollowUpId, (await cases.ReadAsync(contact.CaseId)).FollowUps.Single().FollowUpId);
        var audit = await Host.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = contact.CaseId });
        Assert.Contains(audit.Records, r => (r.Action, r.Actor, r.ContactId) == ("safe_rules_shown", "sana", offer.ContactId));
    }

    [Fact]
    public async Task ACallerWhoAsksAt2200ToBeCalledBackIsOfferedAt1000TheNextDayOnTheSafeChannelOnly()
    {
        await using var leyla = await Host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        var cases = new CaseScenario(Host, leyla);
        var first = Requests.Contact("AZ-ISM");
        first.CallerReference = "+994 50 555 1234";
        var contact = await cases.AssignedAsync(first);
        await ConsentAsync(contact.CaseId, TenToFive, codeWord: "sunflower");
        await cases.CompleteAsync(contact);
        await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "leyla", Presence = Presence.Break });
        await using var rauf = await Host.OnlineResponderAsync(Requests.Responder("rauf", CaseScenario.Region, voice: 5));
        await using var sana = await Host.OnlineResponderAsync(Requests.Responder("sana", CaseScenario.Region, voice: 0, chat: 2));

        // 22:00: the same caller rings again; offered live to the one on voice, then asks to be called back.
        var at2200 = new DateTimeOffset(HotlineHost.Start.Date.AddHours(22), Baku);
        Host.Clock.SetUtcNow(at2200);
        var again = Requests.Contact("AZ-ISM");
        again.CallerReference = "+994-50-555-1234";
        var ringing = await Host.Intake.OpenContactAsync(again);
        Assert.Equal(contact.CaseId, ringing.CaseId);
        var live = await rauf.NextOfferAsync(ringing.ContactId);
        var asked = await Host.Intake.RequestCallBackAsync(new RequestCallBackRequest { ContactId = ringing.ContactId });
        await rauf.NextAsync(e => e.OfferRescinded?.Offer.OfferId == live.OfferId, "the live offer withdrawn");

        // The call-back takes the case's rules: chat, 10–17. Through the night it waits in its place.
        Assert.Equal((ContactStatus.Queued, Channel.Chat), (asked.Status, asked.Channel));
        Host.Clock.SetUtcNow(at2200.AddHours(11).AddMinutes(59));
        await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez"));
        var night = await Host.QueueAsync(CaseScenario.Region);
        Assert.Equal((2, 0, 1), (night.Waiting, night.Offered, night.CallBacksWaiting));

        Host.Clock.SetUtcNow(at2200.AddHours(12));
        var offer = await sana.NextOfferAsync(ringing.ContactId);

        Assert.Equal((Channel.Chat, 1), (offer.Channel, offer.CallBack?.Attempt));
        Assert.Equal(("sunflower", true), (offer.SafeContact.CodeWord, offer.SafeContact.NoMessage));
        Assert.Equal(("10:00", "17:00"), (offer.SafeContact.Window.Opens, offer.SafeContact.Window.Closes));
        // Rauf, on voice alone, saw the live offer and nothing after it.
        Assert.Equal(live.OfferId, Assert.Single(rauf.Drain(), e => e.EventCase == ResponderEvent.EventOneofCase.OfferMade).OfferMade.OfferId);
    }

    [Fact]
    public async Task WithdrawingTheWindowReachesACallBackAlreadyWaitingAndTheCodeWordIsNeverReadBack()
    {
        await using var leyla = await Host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5, chat: 2));
        var cases = new CaseScenario(Host, leyla);
        var contact = await cases.AssignedAsync();
        // 13:00 now: an evening window is closed.
        var file = await ConsentAsync(contact.CaseId, new SafeWindow { Opens = "18:00", Closes = "20:00" }, codeWord: "sunflower");
        Assert.Equal((true, ""), (file.Facts.Consents.CodeWordSet, file.Facts.Consents.CodeWord));
        Assert.Equal("18:00", file.Facts.Consents.SafeWindow.Opens);
        await cases.AsOwner.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest { CaseId = contact.CaseId, Kind = FollowUpKind.CallBack, DueAt = cases.In(TimeSpan.FromMinutes(5)) });
        await cases.CompleteAsync(contact);
        Host.Clock.Advance(TimeSpan.FromMinutes(10));
        // Its arrival in the queue ran the matching: it waits, not offered.
        await Host.Services.GetRequiredService<Hotline.Cases.FollowUpScheduler>().RouteDueAsync();
        var waiting = await Host.QueueAsync(CaseScenario.Region);
        Assert.Equal((1, 0), (waiting.Waiting, waiting.Offered));

        // The same consents without the window; the code word (not given) stays.
        var changed = await ConsentAsync(contact.CaseId, window: null, codeWord: "");
        var offer = await leyla.NextOfferAsync();

        Assert.True(changed.Facts.Consents.CodeWordSet);
        Assert.Null(changed.Facts.Consents.SafeWindow);
        Assert.Equal((WorkKind.FollowUp, "sunflower"), (offer.Kind, offer.SafeContact.CodeWord));
        Assert.Null(offer.SafeContact.Window);
    }

    [Fact]
    public async Task ABadWindowOrCodeWordIsRefusedNamingTheFieldAndTheRuleWithoutTheValue()
    {
        await using var leyla = await Host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        var contact = await new CaseScenario(Host, leyla).AssignedAsync();
        var secret = new string('x', 65);

        var badHours = await Assert.ThrowsAsync<RpcException>(() => ConsentAsync(contact.CaseId, new SafeWindow { Opens = "25:00", Closes = "10:00" }, ""));
        var sameHours = await Assert.ThrowsAsync<RpcException>(() => ConsentAsync(contact.CaseId, new SafeWindow { Opens = "10:00", Closes = "10:00" }, ""));
        var twice = await Assert.ThrowsAsync<RpcException>(() => ConsentAsync(contact.CaseId, new SafeWindow { Opens = "10:00", Closes = "12:00", Days = { Weekday.Monday, Weekday.Monday } }, ""));
        var longWord = await Assert.ThrowsAsync<RpcException>(() => ConsentAsync(contact.CaseId, null, secret));

        Assert.All(new[] { badHours, sameHours, twice, longWord }, e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        Assert.StartsWith("consents.safe_window.opens:", badHours.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("25:00", badHours.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("consents.safe_window.closes:", sameHours.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("consents.safe_window.days:", twice.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("consents.code_word:", longWord.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, longWord.Status.Detail, StringComparison.Ordinal);
        Assert.False((await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId })).Facts.Consents.CodeWordSet);
    }

    private async Task<Case> ConsentAsync(string caseId, SafeWindow? window, string codeWord) =>
        await Host.Cases.UpdateCaseFactsAsync(new UpdateCaseFactsRequest
        {
            CaseId = caseId,
            Consents = new Consents { ContactBack = true, SafeChannel = Channel.Chat, SafeWindow = window, NoMessage = true, CodeWord = codeWord },
        });
}
