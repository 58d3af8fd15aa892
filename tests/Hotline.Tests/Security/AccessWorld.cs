using System.Text.Json;
using Hotline.Api.V1;
using Hotline.Contacts;
using Hotline.Gateway.Security;
using Hotline.Responders;
using Hotline.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Security;

/// <summary>
/// The people of the access tests: an operator who takes contacts in Mountainous Shirvan,
/// another operator there who took none of them, one of Baku, supervisors of each region,
/// an admin, and for each case a responder of Shirvan who works it and one who does not.
/// </summary>
public static class People
{
    public const string Region = "mountainous-shirvan";
    public const string OtherRegion = "baku";

    /// <summary>A second region of <see cref="SupervisorIn"/>'s, where they may move a contact.</summary>
    public const string SecondRegionIn = "shaki-zagatala";

    public static readonly TokenClaims OperatorIn = new("op-in", ["operator"], [Region]);
    public static readonly TokenClaims OperatorOther = new("op-other", ["operator"], [Region]);
    public static readonly TokenClaims OperatorOut = new("op-out", ["operator"], [OtherRegion]);
    public static readonly TokenClaims SupervisorIn = new("sup-in", ["supervisor"], [Region, SecondRegionIn]);
    public static readonly TokenClaims SupervisorOut = new("sup-out", ["supervisor"], [OtherRegion]);
    public static readonly TokenClaims Admin = new("admin-1", ["admin"], []);
    public static readonly TokenClaims ResponderOther = HotlineHost.ResponderClaims("r-other");

    /// <summary>Every identity of the table, by name; null is no token at all.</summary>
    public static TokenClaims? Claims(string identity, string worldResponder) => identity switch
    {
        "anonymous" => null,
        "operator-in" => OperatorIn,
        "operator-other" => OperatorOther,
        "operator-out" => OperatorOut,
        "responder-self" => HotlineHost.ResponderClaims(worldResponder),
        "responder-other" => ResponderOther,
        "supervisor-in" => SupervisorIn,
        "supervisor-out" => SupervisorOut,
        "admin" => Admin,
        "responder-self-revoked" => HotlineHost.ResponderClaims(worldResponder),
        "responder-disabled" => ResponderDisabled,
        _ => throw new ArgumentOutOfRangeException(nameof(identity)),
    };

    /// <summary>A responder of the region an admin disabled (see <see cref="AccessHost"/>).</summary>
    public static readonly TokenClaims ResponderDisabled = HotlineHost.ResponderClaims("r-disabled");

    public static readonly string[] Identities =
    [
        "anonymous", "operator-in", "operator-other", "operator-out", "responder-self", "responder-other", "supervisor-in", "supervisor-out", "admin",
        "responder-self-revoked", "responder-disabled",
    ];

    /// <summary>The identities whose tokens the gateway refuses outright, whatever they call.</summary>
    public static bool Unauthenticated(string identity) => identity is "anonymous" or "responder-self-revoked" or "responder-disabled";
}

/// <summary>One cell's fresh world: a responder of its own and, as the cell needs, a contact in some state.</summary>
public sealed class AccessWorld(HotlineHost host, string responderId) : IAsyncDisposable
{
    /// <summary>
    /// The responder transfers go to: registered in Baku, never available, so a transfer to
    /// them waits for them alone and is never offered to any cell's responder.
    /// </summary>
    public const string SinkResponderId = "r-sink";

    private ResponderSession? _session;
    private ResponderSession? _second;
    private bool _surgeCell;

    public string ResponderId { get; } = responderId;
    public string ContactId { get; private set; } = "";
    public string CaseId { get; private set; } = "";
    public string ReferralId { get; private set; } = "";

    /// <summary>A second responder of the region, for a supervisor to give the contact to.</summary>
    public string SecondResponderId => ResponderId + "-b";

    /// <summary>
    /// A surge-mode cell: Shaki-Zagatala diverted to Baku first when <paramref name="surging"/>,
    /// and its surge mode cleared again when the cell ends, so no other cell's contact is diverted.
    /// </summary>
    public async Task SurgeEndsAfterAsync(bool surging)
    {
        _surgeCell = true;
        if (surging)
        {
            await host.Supervisor.SetSurgeModeAsync(new SetSurgeModeRequest { Region = People.SecondRegionIn, ToRegion = People.OtherRegion });
        }
    }

    /// <summary>The responder registered, available, with their stream open.</summary>
    public async Task OnlineAsync() => _session = await host.OnlineResponderAsync(Requests.Responder(ResponderId, People.Region));

    /// <summary>A contact the Shirvan operator took, waiting (in a language nobody speaks).</summary>
    public async Task WaitingAsync() => Take(await host.As(People.OperatorIn).Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez")));

    /// <summary>A contact the Shirvan operator took, offered to this world's responder.</summary>
    public async Task OfferedAsync()
    {
        await OnlineAsync();
        Take(await host.As(People.OperatorIn).Intake.OpenContactAsync(Requests.Contact("AZ-ISM")));
        await _session!.NextOfferAsync(ContactId);
    }

    /// <summary>The contact offered to this world's responder, and a second responder online and free.</summary>
    public async Task ReassignableAsync()
    {
        await OfferedAsync();
        _second = await host.OnlineResponderAsync(Requests.Responder(SecondResponderId, People.Region));
    }

    /// <summary>The offered contact, accepted: connected to this world's responder.</summary>
    public async Task ConnectedAsync()
    {
        await OfferedAsync();
        await host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = ResponderId, ContactId = ContactId });
    }

    /// <summary>The offered contact turned into a call-back, offered again as one and accepted: an attempt in progress.</summary>
    public async Task CallingBackAsync()
    {
        await OfferedAsync();
        await host.Intake.RequestCallBackAsync(new RequestCallBackRequest { ContactId = ContactId });
        await _session!.NextAsync(e => e.EventCase == Hotline.Api.V1.ResponderEvent.EventOneofCase.OfferMade && e.OfferMade.CallBack is not null, "the call-back offered");
        await host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = ResponderId, ContactId = ContactId });
    }

    /// <summary>The connected contact, completed by the responder: nothing of the case is open, and nobody has worked it yet.</summary>
    public async Task CompletedAsync()
    {
        await ConnectedAsync();
        await host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = ResponderId, ContactId = ContactId });
    }

    /// <summary>The contact completed by its responder as "caller not safe": the case is marked until cleared.</summary>
    public async Task NotSafeAsync()
    {
        await ConnectedAsync();
        await host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = ResponderId, ContactId = ContactId, CallerNotSafe = true });
    }

    /// <summary>The completed contact's case with a note from staff: in progress, so it may be closed.</summary>
    public async Task InProgressAsync()
    {
        await CompletedAsync();
        await host.Cases.AddNoteAsync(new AddNoteRequest { CaseId = CaseId, Text = "Spoke with the caller; safe for now" });
    }

    /// <summary>The case in progress, closed by staff.</summary>
    public async Task ClosedAsync()
    {
        await InProgressAsync();
        await host.Cases.CloseAsync(new CloseCaseRequest { CaseId = CaseId });
    }

    /// <summary>The connected contact's case, referred by staff to the in-house shelter (no consent needed).</summary>
    public async Task ReferredAsync()
    {
        await ConnectedAsync();
        var referral = await host.Cases.ReferAsync(new ReferRequest { CaseId = CaseId, Service = ServiceType.Shelter, OrganisationId = "vac" });
        ReferralId = referral.ReferralId;
    }

    /// <summary>The connected contact's case, its person having agreed, as staff recorded, to be contacted back.</summary>
    public async Task ConsentedAsync()
    {
        await ConnectedAsync();
        await host.Cases.UpdateCaseFactsAsync(new UpdateCaseFactsRequest { CaseId = CaseId, Consents = new Consents { ContactBack = true } });
    }

    /// <summary>The connected contact, and the <see cref="SinkResponderId"/> registered (again: it is idempotent) to transfer its case to.</summary>
    public async Task TransferableAsync()
    {
        await ConnectedAsync();
        await host.Responders.UpsertResponderAsync(Requests.Responder(SinkResponderId, People.OtherRegion));
    }

    /// <summary>What a refused call must leave as it was: storage writes, the audit, and the world's contact and responder.</summary>
    public async Task<string> FingerprintAsync()
    {
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var contact = ContactId.Length > 0 ? await grains.GetGrain<IContactRouting>(Guid.Parse(ContactId)).Get() : null;
        var responder = await grains.GetGrain<IResponderGrain>(ResponderId).Get();
        await using var db = new SqliteConnection($"Data Source={host.DatabaseFile};Mode=ReadOnly");
        await db.OpenAsync();
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM HotlineAudit";
        var audit = (long)(await count.ExecuteScalarAsync())!;
        return $"writes={host.Storage.Writes} audit={audit} contact={JsonSerializer.Serialize(contact)} responder={JsonSerializer.Serialize(responder)}";
    }

    private void Take(Contact contact) => (ContactId, CaseId) = (contact.ContactId, contact.CaseId);

    /// <summary>
    /// Ends what the cell left open, so no later cell's responder is offered it: the contact,
    /// a transfer still waiting, and follow-ups (closing the case cancels them).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_surgeCell)
        {
            await host.Supervisor.ClearSurgeModeAsync(new ClearSurgeModeRequest { Region = People.SecondRegionIn });
        }

        if (ContactId.Length > 0)
        {
            var contact = await host.Intake.GetContactAsync(new GetContactRequest { ContactId = ContactId });
            if (contact.Status is ContactStatus.Queued or ContactStatus.Offered)
            {
                await host.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = ContactId });
            }
            else if (contact.Status == ContactStatus.Connected)
            {
                await host.Intake.EndContactAsync(new EndContactRequest { ContactId = ContactId });
            }

            var file = await host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = CaseId });
            if (file.PendingTransferId.Length > 0)
            {
                await host.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = file.PendingTransferId });
            }

            if (file.FollowUps.Any(f => f.RoutedAt is null && f.CancelledAt is null))
            {
                await host.Cases.CloseAsync(new CloseCaseRequest { CaseId = CaseId });
            }
        }

        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
    }
}
