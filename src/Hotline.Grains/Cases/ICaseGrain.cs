using Hotline.Access;
using Hotline.Audit;

namespace Hotline.Cases;

/// <summary>
/// The case file (key: case id); outlives the contacts that feed it. A case is opened by
/// its first contact and carries that contact's id; what happened on each contact is read
/// from the contacts themselves, so routing a contact writes nothing here. Its own state is
/// the work on it: lifecycle, facts, notes, referrals, transfers and follow-ups.
/// </summary>
public interface ICaseGrain : IGrainWithGuidKey
{
    /// <summary>The case for a caller allowed to see it; the read is audited first.</summary>
    Task<CaseSnapshot> Read(Caller caller);

    /// <summary>The case's history, oldest first, for a caller allowed to see the case; audited first.</summary>
    Task<CaseEvent[]> ReadHistory(Caller caller);

    /// <summary>The case's audit for admins and supervisors of its region; the reading is audited too.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAudit(Caller caller);

    /// <summary>Adds a note (owner, supervisors of the region, the operator who opened the case); a correction names the note it corrects.</summary>
    Task<CaseNote> AddNote(string text, Guid? corrects, Caller caller);

    /// <summary>Changes the facts named in <paramref name="update"/>; the rest stay.</summary>
    Task<CaseSnapshot> UpdateFacts(CaseFactsUpdate update, Caller caller);

    /// <summary>
    /// Refers the case to a service at an organisation. An outside organisation needs the
    /// person's consent to share, unless a supervisor overrides with a reason.
    /// </summary>
    Task<Referral> Refer(ReferralRequest request, Caller caller);

    /// <summary>Moves a referral on: requested → accepted or declined; accepted → completed.</summary>
    Task<Referral> UpdateReferral(Guid referralId, Cases.ReferralStatus status, Caller caller);

    /// <summary>Offers the case to a responder or a region, live; on accept the owner changes. Returns the transfer's id.</summary>
    Task<Guid> Transfer(TransferTarget target, string reason, Caller caller);

    /// <summary>Schedules a follow-up; when due it is routed to the owner if they can take it, else to the region.</summary>
    Task<FollowUp> ScheduleFollowUp(FollowUpRequest request, Caller caller);

    /// <summary>
    /// Whoever works the case says it is safe to reach the person again after a contact ended as
    /// "caller not safe": held follow-ups are offered again. A repeat changes nothing.
    /// </summary>
    Task<CaseSnapshot> ClearNotSafe(Caller caller);

    /// <summary>Closes a case in progress or referred; pending follow-ups are cancelled.</summary>
    Task<CaseSnapshot> Close(Caller caller);

    /// <summary>Reopens a closed case: back to in progress.</summary>
    Task<CaseSnapshot> Reopen(Caller caller);

    /// <summary>
    /// Erases the personal fields of the case and its contacts, which must all be on record and
    /// have ended, the case not in progress (and, when <paramref name="endedBefore"/> is given,
    /// last active before it). Returns when the case's personal fields were all erased, or null
    /// when it did not qualify and nothing changed.
    /// </summary>
    Task<DateTimeOffset?> Erase(Caller by, DateTimeOffset? endedBefore);
}
