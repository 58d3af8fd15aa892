using Google.Protobuf.WellKnownTypes;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Cases;

/// <summary>
/// Cases of Mountainous Shirvan brought to each status through the API: a responder who
/// takes them (the owner), the staff clients (a supervisor of every region) for the rest.
/// </summary>
public sealed class CaseScenario(HotlineHost host, ResponderSession owner)
{
    public const string Region = "mountainous-shirvan";

    public HotlineHost Host => host;

    public ResponderSession Owner => owner;

    /// <summary>Clients acting as the owning responder.</summary>
    public HotlineClients AsOwner => host.As(HotlineHost.ResponderClaims(owner.ResponderId));

    /// <summary>A contact nobody can take (a language no responder speaks): its case stays new.</summary>
    public async Task<Contact> NewAsync() => await host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez"));

    /// <summary>A contact accepted by the owner: the case is assigned, the contact still connected.</summary>
    public async Task<Contact> AssignedAsync(OpenContactRequest? request = null)
    {
        var contact = await host.Intake.OpenContactAsync(request ?? Requests.Contact("AZ-ISM"));
        await owner.NextOfferAsync(contact.ContactId);
        await host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = owner.ResponderId, ContactId = contact.ContactId });
        return contact;
    }

    /// <summary>An assigned case with a note from its owner: in progress.</summary>
    public async Task<Contact> InProgressAsync()
    {
        var contact = await AssignedAsync();
        await AsOwner.Cases.AddNoteAsync(new AddNoteRequest { CaseId = contact.CaseId, Text = "Spoke with the caller; safe for now" });
        return contact;
    }

    /// <summary>A case in progress referred to the in-house shelter: referred.</summary>
    public async Task<Contact> ReferredAsync()
    {
        var contact = await InProgressAsync();
        await AsOwner.Cases.ReferAsync(new ReferRequest { CaseId = contact.CaseId, Service = ServiceType.Shelter, OrganisationId = "vac" });
        return contact;
    }

    /// <summary>A case in progress whose contact was completed, then closed.</summary>
    public async Task<Contact> ClosedAsync()
    {
        var contact = await InProgressAsync();
        await CompleteAsync(contact);
        await AsOwner.Cases.CloseAsync(new CloseCaseRequest { CaseId = contact.CaseId });
        return contact;
    }

    public Task CompleteAsync(Contact contact) =>
        host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = owner.ResponderId, ContactId = contact.ContactId }).ResponseAsync;

    public Task<Case> ReadAsync(string caseId) => host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId }).ResponseAsync;

    /// <summary>Consents as given; the staff client records them.</summary>
    public Task<Case> ConsentAsync(string caseId, bool share, bool contactBack) =>
        host.Cases.UpdateCaseFactsAsync(new UpdateCaseFactsRequest
        {
            CaseId = caseId,
            Consents = new Consents { ShareWithPartners = share, ContactBack = contactBack, SafeChannel = Channel.Voice, SafeHours = "weekdays after 18:00" },
        }).ResponseAsync;

    public Timestamp In(TimeSpan from) => Timestamp.FromDateTimeOffset(host.Clock.GetUtcNow() + from);
}
