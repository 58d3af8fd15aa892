using Hotline.Access;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Supervision;

namespace Hotline.Cases;

/// <summary>
/// A contact ended as "caller not safe" (someone was listening, the call was cut): until a
/// responder clears it, no follow-up or call-back of the case is offered and nothing of it goes
/// outward. Follow-ups that fall due meanwhile are held, not cancelled: they stay on the case
/// as they were and are routed once it is cleared; those already waiting in a queue stay there,
/// held, keeping their place.
/// </summary>
public static class CallerNotSafe
{
    /// <summary>
    /// Who may end a contact as not safe: the responder it is connected to (or who just
    /// completed it: a repeat), and those who may end it from the operator's side.
    /// </summary>
    public static Roles MayMark(Caller caller, ContactState s, RecordScope scope)
    {
        if (s.Status is not (ContactStatus.Connected or ContactStatus.Completed) || s.Kind == WorkKind.Transfer)
        {
            return Roles.None;
        }

        if (caller.Is(Roles.Responder) && caller.ResponderId is { } responder && s.ResponderId == responder)
        {
            return Roles.Responder;
        }

        return AccessPolicy.ActOnContact(caller, scope);
    }

    /// <summary>Records it on the case (idempotent: an earlier mark stands); false when it was already marked.</summary>
    public static bool Mark(CaseState s, Guid contactId, Caller by, DateTimeOffset now)
    {
        if (s.NotSafeSince is not null)
        {
            return false;
        }

        s.NotSafeSince = now;
        s.Events.Add(new CaseEvent(now, CaseEventKind.CallerNotSafe, contactId, by.Subject));
        return true;
    }

    /// <summary>
    /// Whoever works the case (its responder, a supervisor of its region) says it is safe to reach
    /// the person again; the caller checks it is marked first, so a repeat writes nothing.
    /// </summary>
    public static void Clear(CaseState s, Caller by, DateTimeOffset now)
    {
        s.NotSafeSince = null;
        s.Events.Add(new CaseEvent(now, CaseEventKind.NotSafeCleared, null, by.Subject));
    }

    /// <summary>While the caller is not safe nothing of the case goes to an organisation outside the hotline.</summary>
    public static void EnsureNothingOutward(CaseState s, bool toOutside)
    {
        if (toOutside && s.NotSafeSince is not null)
        {
            throw new FailedPreconditionException("CaseId", "the caller was not safe at the last contact; nothing is shared outside the hotline until a responder clears it");
        }
    }

    /// <summary>The alert the region's supervisors get: it names the case and contact, never what was said.</summary>
    public static CrisisAlert Alert(string region, Guid caseId, Guid contactId, Channel channel, DateTimeOffset now) =>
        new(region, AlertReason.CallerNotSafe, caseId, contactId, channel, now, now);
}
