using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Security;

/// <summary>
/// Access that lapses, at the gRPC boundary, on the hotline's fake clock: the operator who took
/// a contact reads it for 24 hours; a responder reads a case while it is theirs and for 30
/// days after their last work on it; supervisors of its region read it always.
/// </summary>
public sealed class AccessLapseTests : HostedTest
{
    private const string Number = "+994 50 123 45 67";

    [Fact]
    public async Task TheOperatorWhoTookAContactReadsItForADay()
    {
        var desk = Host.As(People.OperatorIn);
        var contact = await desk.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez"));
        Host.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        await desk.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId });
        await desk.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId });
        Assert.Contains((await desk.Cases.ListCasesAsync(new ListCasesRequest())).Cases, c => c.CaseId == contact.CaseId);

        Host.Clock.Advance(TimeSpan.FromMinutes(1));

        await RefusedAsync(() => desk.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId }).ResponseAsync);
        await RefusedAsync(() => desk.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId }).ResponseAsync);
        await RefusedAsync(() => desk.Cases.AddNoteAsync(new AddNoteRequest { CaseId = contact.CaseId, Text = "late note" }).ResponseAsync);
        Assert.DoesNotContain((await desk.Cases.ListCasesAsync(new ListCasesRequest())).Cases, c => c.CaseId == contact.CaseId);
        await Host.As(People.SupervisorIn).Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId });
    }

    [Fact]
    public async Task AResponderReadsACaseForThirtyDaysAfterTheirLastWorkOnceItIsNoLongerTheirs()
    {
        var first = await Host.OnlineResponderAsync(Requests.Responder("r-first", People.Region));
        var contact = await Host.Intake.OpenContactAsync(Caller());
        await first.NextOfferAsync(contact.ContactId);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "r-first", ContactId = contact.ContactId });
        await Host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "r-first", ContactId = contact.ContactId });
        await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "r-first", Presence = Presence.Offline });
        await first.DisposeAsync();
        var own = Host.As(HotlineHost.ResponderClaims("r-first"));

        // Still theirs long after: the owner's access does not lapse.
        Host.Clock.Advance(TimeSpan.FromDays(40));
        await own.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId });

        // The caller rings again and another responder takes the case on.
        await using var second = await Host.OnlineResponderAsync(Requests.Responder("r-second", People.Region));
        var again = await Host.Intake.OpenContactAsync(Caller());
        Assert.Equal(contact.CaseId, again.CaseId);
        await second.NextOfferAsync(again.ContactId);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "r-second", ContactId = again.ContactId });
        Assert.Equal("r-second", (await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId })).OwnerResponderId);

        // Forty days passed since r-first's last work: no longer theirs, they read no more.
        await RefusedAsync(() => own.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId }).ResponseAsync);
        await RefusedAsync(() => own.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId }).ResponseAsync);
        await Host.As(HotlineHost.ResponderClaims("r-second")).Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId });
    }

    [Fact]
    public async Task AResponderWhoseWorkEndedWithinThirtyDaysStillReadsTheCase()
    {
        var contact = await WorkedAndHandedOnAsync();
        var own = Host.As(HotlineHost.ResponderClaims("r-first"));

        Host.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        await own.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId });
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        await RefusedAsync(() => own.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId }).ResponseAsync);
    }

    /// <summary>r-first takes and completes the caller's contact and goes offline; the caller rings again and r-second takes the case on.</summary>
    private async Task<Contact> WorkedAndHandedOnAsync()
    {
        await using (var first = await Host.OnlineResponderAsync(Requests.Responder("r-first", People.Region)))
        {
            var contact = await Host.Intake.OpenContactAsync(Caller());
            await first.NextOfferAsync(contact.ContactId);
            await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "r-first", ContactId = contact.ContactId });
            await Host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "r-first", ContactId = contact.ContactId });
            await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "r-first", Presence = Presence.Offline });
        }

        await using var second = await Host.OnlineResponderAsync(Requests.Responder("r-second", People.Region));
        var again = await Host.Intake.OpenContactAsync(Caller());
        await second.NextOfferAsync(again.ContactId);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "r-second", ContactId = again.ContactId });
        return again;
    }

    private static OpenContactRequest Caller()
    {
        var request = Requests.Contact("AZ-ISM");
        request.CallerReference = Number;
        return request;
    }

    private static async Task RefusedAsync(Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }
}
