using Hotline.Access;
using Hotline.Cases;
using Hotline.Domain;

namespace Hotline.Contacts;

/// <summary>
/// The same contact as <see cref="IContactGrain"/>, as the hotline's own grains see it: routing
/// steps (offered, connected, completed), follow-ups and transfers, erasure. Never called by the gateway.
/// </summary>
public interface IContactRouting : IGrainWithGuidKey
{
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
    /// The contact now without its personal fields, or null when it does not exist, for the
    /// hotline's own use (cases, routing). Personal fields are read only through
    /// <see cref="IContactGrain.Read"/> and <see cref="IContactGrain.SummaryForOffer"/>, which
    /// check the caller and write the audit line first. Interleaves: it only reads memory, and
    /// a case reading its contacts must not wait behind one that is linking to it.
    /// </summary>
    [AlwaysInterleave]
    Task<ContactSnapshot?> Get();

    /// <summary>
    /// Whether this contact is on record as part of <paramref name="caseId"/>. Not
    /// interleaved: it answers after an intake in progress has finished.
    /// </summary>
    Task<bool> BelongsTo(Guid caseId);

    /// <summary>
    /// A follow-up still waiting takes its case's new gate (safe window, channel, hold), durably,
    /// and its queue entry with it; it keeps its place. False when it no longer waits.
    /// </summary>
    Task<bool> ApplyRules(SafeWindow? window, Channel channel, bool held, Caller by);

    /// <summary>A responder accepted the offer and the dispatcher confirmed it.</summary>
    Task Connect(string responderId, Caller by);

    /// <summary>The responder finished the contact.</summary>
    Task Complete(string responderId, Caller by);

    /// <summary>
    /// Erases the personal fields of a finished contact (retention or a request); the figures
    /// stay. Idempotent: returns when the fields were erased. Refused while the contact is open.
    /// </summary>
    Task<DateTimeOffset> Erase(Caller by);

    /// <summary>Shown as "offered" until the offer resolves. Not persisted: a restart voids offers.</summary>
    [OneWay]
    Task MarkOffered(string responderId, DateTimeOffset deadline);

    /// <summary>The offer resolved without a connection; the contact waits again.</summary>
    [OneWay]
    Task MarkWaiting();
}
