using Hotline.Access;

namespace Hotline.Contacts;

/// <summary>One inbound contact, "the call" (key: contact id, derived from the operator and the intake request id).</summary>
public interface IContactGrain : IGrainWithGuidKey
{
    /// <summary>Records the contact, links it to an existing case when named, and queues it. A retry returns the same contact.</summary>
    Task<ContactSnapshot> Open(OpenContactCommand command, Caller caller);

    /// <summary>
    /// Records a follow-up or transfer of a case (the case has already linked this id) and
    /// queues it like a contact. Idempotent: a repeat returns the item as it is.
    /// </summary>
    Task<ContactSnapshot> OpenWork(WorkItem item, Caller by);

    /// <summary>
    /// The responder a transfer was meant for turned it down: it ends as declined. False when
    /// this is not a waiting transfer for that responder.
    /// </summary>
    Task<bool> DeclineTransfer(string responderId, Caller by);

    /// <summary>
    /// The contact now, or null when it does not exist, for the hotline's own use (cases,
    /// offers); callers read through <see cref="Read"/>. Interleaves: it only reads memory,
    /// and a case reading its contacts must not wait behind one that is linking to it.
    /// </summary>
    [AlwaysInterleave]
    Task<ContactSnapshot?> Get();

    /// <summary>The contact for a caller allowed to see it; the read is audited first.</summary>
    [AlwaysInterleave]
    Task<ContactSnapshot> Read(Caller caller);

    /// <summary>
    /// The summary for an offer on <paramref name="responder"/>'s stream; the showing is
    /// audited first. Empty when the contact does not exist.
    /// </summary>
    [AlwaysInterleave]
    Task<string> SummaryForOffer(Caller responder);

    /// <summary>
    /// Whether this contact is on record as part of <paramref name="caseId"/>. Not
    /// interleaved: it answers after an intake in progress has finished.
    /// </summary>
    Task<bool> BelongsTo(Guid caseId);

    /// <summary>The caller hung up while waiting.</summary>
    Task<ContactSnapshot> Abandon(Caller caller);

    /// <summary>The conversation ended from the operator's side; frees the responder.</summary>
    Task<ContactSnapshot> End(Caller caller);

    /// <summary>A responder accepted the offer and the dispatcher confirmed it.</summary>
    Task Connect(string responderId, Caller by);

    /// <summary>The responder finished the contact.</summary>
    Task Complete(string responderId, Caller by);

    /// <summary>
    /// Erases the personal fields of a finished contact (retention or a request); the figures
    /// stay. Idempotent: returns when the fields were erased. Refused while the contact is open.
    /// </summary>
    Task<DateTimeOffset> Erase(Caller by);

    /// <summary>
    /// A supervisor of the contact's region gives the waiting contact to a chosen responder
    /// (an offer, withdrawn from whoever held it). Returns the new offer's id; audited.
    /// </summary>
    Task<Guid> Reassign(string responderId, Caller caller);

    /// <summary>
    /// A supervisor of the contact's region moves the waiting contact to wait in <paramref name="region"/>,
    /// durably. Its case stays in its region.
    /// </summary>
    Task<ContactSnapshot> MoveTo(string region, Caller caller);

    /// <summary>Shown as "offered" until the offer resolves. Not persisted: a restart voids offers.</summary>
    [OneWay]
    Task MarkOffered(string responderId, DateTimeOffset deadline);

    /// <summary>The offer resolved without a connection; the contact waits again.</summary>
    [OneWay]
    Task MarkWaiting();
}
