using Hotline.Access;
using Hotline.Cases;

namespace Hotline.Contacts;

/// <summary>One inbound contact, "the call" (key: contact id, derived from the operator and the intake request id).</summary>
public interface IContactGrain : IGrainWithGuidKey
{
    /// <summary>Records the contact, links it to an existing case when named, and queues it. A retry returns the same contact.</summary>
    Task<ContactSnapshot> Open(OpenContactCommand command, Caller caller);

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
    /// The safe-contact rules of the case, code word included, for an offer of its follow-up or
    /// call-back on <paramref name="responder"/>'s stream (the case audits each showing); null when
    /// the work does not reach the person back or the case names no rule.
    /// </summary>
    [AlwaysInterleave]
    Task<SafeContactRules?> SafeRulesForOffer(Caller responder);

    /// <summary>
    /// The contact ends as "caller not safe" (its responder, or whoever may end it): the case is
    /// marked, its follow-ups held and the region's supervisors alerted. Idempotent. Called before
    /// the contact is completed or ended, so nothing is offered in between.
    /// </summary>
    Task MarkNotSafe(Caller caller);

    /// <summary>
    /// Records a contact that happened outside the system, completed by the responder calling, joining
    /// the case named or opening one. Never queued. A replay answers the same and writes nothing.
    /// </summary>
    Task<ContactSnapshot> RecordOffline(OfflineContactCommand command, Caller caller);

    /// <summary>The caller hung up while waiting.</summary>
    Task<ContactSnapshot> Abandon(Caller caller);

    /// <summary>
    /// The waiting caller asked to be called back rather than hold: the contact keeps its place and
    /// is offered as a call-back in turn. Idempotent; FailedPrecondition once it is being connected.
    /// </summary>
    Task<ContactSnapshot> RequestCallBack(Caller caller);

    /// <summary>
    /// The responder connected to a call-back records whether the person was reached: reached, it
    /// stays connected; not reached, it waits again after the retry delay, in its old place, or
    /// ends unreached after the last attempt. A repeat of the outcome recorded answers the same.
    /// </summary>
    Task<ContactSnapshot> RecordCallBack(string responderId, CallBackOutcome outcome, Caller caller);

    /// <summary>The conversation ended from the operator's side; frees the responder.</summary>
    Task<ContactSnapshot> End(Caller caller);

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
}
