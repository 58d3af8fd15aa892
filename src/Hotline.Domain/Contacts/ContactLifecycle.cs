using Hotline.Access;
using Hotline.Audit;
using Hotline.Domain;
using Hotline.Errors;

namespace Hotline.Contacts;

/// <summary>
/// One contact's life, in one place: Queued → (Offered) → Connected → Completed, or Abandoned;
/// a transfer is Completed when accepted, or Declined. Each change says who made it and how
/// (the audit line the database writes with the record); anything else is refused naming why.
/// </summary>
public static class ContactLifecycle
{
    /// <summary>
    /// A person's contact recorded by an operator, joining <paramref name="caseId"/> (its own when
    /// new); <paramref name="callerKey"/> is the keyed hash of the caller's reference, never the reference.
    /// </summary>
    public static void Open(ContactState s, Guid contactId, OpenContactCommand command, string? callerKey, Guid caseId, string? previousResponder, Caller by, Roles role, DateTimeOffset now)
    {
        Queue(s, contactId, caseId, WorkKind.Contact, command.Region, command.Location, command.Urgency, now, by);
        (s.RequestId, s.Channel, s.Language, s.Skills) = (command.RequestId, command.Channel, command.Language, command.Skills);
        (s.Summary, s.CallerName, s.Callback, s.CallerKey) = (command.Summary, command.CallerName, command.Callback, callerKey);
        s.PreferredResponderId = previousResponder;
        s.JoinedByCaller = command.CaseId is null && caseId != contactId;
        s.Change = Change(caseId == contactId ? AuditActions.CaseOpened : AuditActions.ContactLinked, by, role, now);
    }

    /// <summary>A follow-up or transfer of a case, routed like a contact.</summary>
    public static void OpenWork(ContactState s, Guid contactId, WorkItem item, Caller by, DateTimeOffset now)
    {
        Queue(s, contactId, item.CaseId, item.Kind, item.Region, item.Region, item.Urgency, now, by);
        (s.Channel, s.Language, s.Skills, s.Summary) = (item.Needs.Channel, item.Needs.Language, item.Needs.Skills, item.Note);
        (s.PreferredResponderId, s.RequiredResponderId) = (item.PreferredResponderId, item.RequiredResponderId);
        (s.TransferRegion, s.Concerns, s.CaseRegion) = (item.TransferRegion, item.Concerns, item.CaseRegion);
        (s.SafeWindow, s.Held) = (item.Window, item.Held);
        var action = item.Kind == WorkKind.Transfer ? AuditActions.TransferRequested : AuditActions.FollowUpRouted;
        s.Change = Change(action, by, by.Roles & (Roles.Supervisor | Roles.Responder), now);
    }

    /// <summary>The caller hung up while waiting (or the work was cancelled).</summary>
    public static void Abandon(ContactState s, Caller by, Roles role, DateTimeOffset now)
    {
        EnsureWaiting(s, "abandoned");
        var action = s.Kind switch
        {
            WorkKind.Transfer => AuditActions.TransferCancelled,
            WorkKind.FollowUp => AuditActions.FollowUpCancelled,
            _ => AuditActions.ContactAbandoned,
        };
        Finish(s, ContactStatus.Abandoned, endedByOperator: false, Change(action, by, role, now));
    }

    /// <summary>Refused unless the contact is connected: only then can an operator end it.</summary>
    public static void EnsureEndable(ContactState s)
    {
        if (s.Status != ContactStatus.Connected)
        {
            throw new FailedPreconditionException("ContactId", $"the contact is {Describe(s.Status)}; only a connected contact can be ended (abandon a waiting one)");
        }
    }

    /// <summary>The conversation ended from the operator's side.</summary>
    public static void End(ContactState s, Caller by, Roles role, DateTimeOffset now)
    {
        EnsureEndable(s);
        Finish(s, ContactStatus.Completed, endedByOperator: true, Change(AuditActions.ContactEnded, by, role, now));
    }

    /// <summary>A responder's accept, confirmed by the dispatcher: connected; an accepted transfer is complete at once.</summary>
    public static void Connect(ContactState s, string responderId, Caller by, DateTimeOffset now)
    {
        if (s.Status != ContactStatus.Queued)
        {
            throw new FailedPreconditionException("ContactId", $"the contact is {Describe(s.Status)} and cannot be connected");
        }

        s.ResponderId = responderId;
        s.ConnectedAt = now;
        if (s.Kind == WorkKind.Transfer)
        {
            // Accepting a transfer is the whole of it: the case is theirs, nothing stays open.
            (s.Status, s.EndedAt) = (ContactStatus.Completed, now);
            s.Change = Change(AuditActions.TransferAccepted, by, Roles.Responder, now);
        }
        else
        {
            s.Status = ContactStatus.Connected;
            s.Change = Change(s.Kind == WorkKind.FollowUp ? AuditActions.FollowUpConnected : AuditActions.ContactConnected, by, Roles.Responder, now);
        }
    }

    /// <summary>The responder finished a contact connected to them.</summary>
    public static void Complete(ContactState s, string responderId, Caller by, DateTimeOffset now)
    {
        if (s.Status != ContactStatus.Connected || s.ResponderId != responderId)
        {
            throw new FailedPreconditionException("ContactId", "the contact is not connected to this responder");
        }

        var action = s.Kind == WorkKind.FollowUp ? AuditActions.FollowUpCompleted : AuditActions.ContactCompleted;
        Finish(s, ContactStatus.Completed, endedByOperator: false, Change(action, by, Roles.Responder, now));
    }

    /// <summary>Whether this is a transfer waiting for <paramref name="responderId"/> alone, which they may turn down.</summary>
    public static bool IsTransferWaitingFor(ContactState s, string responderId) =>
        s.Kind == WorkKind.Transfer && s.Status == ContactStatus.Queued && s.RequiredResponderId == responderId;

    /// <summary>The responder a transfer was meant for turned it down: it ends as declined.</summary>
    public static void DeclineTransfer(ContactState s, Caller by, DateTimeOffset now) =>
        Finish(s, ContactStatus.Declined, endedByOperator: false, Change(AuditActions.TransferDeclined, by, Roles.Responder, now));

    /// <summary>Refused unless the contact is waiting (a supervisor's reassign or move).</summary>
    public static void EnsureWaiting(ContactState s, string what)
    {
        if (s.Status != ContactStatus.Queued)
        {
            throw new FailedPreconditionException("ContactId", $"the contact is {Describe(s.Status)}; only a waiting contact can be {what}");
        }
    }

    /// <summary>Refused for a follow-up or transfer, which waits where its case is.</summary>
    public static void EnsureMovable(ContactState s)
    {
        if (s.Kind != WorkKind.Contact)
        {
            throw new FailedPreconditionException("ContactId", "a follow-up or transfer waits where its case is; transfer the case instead");
        }
    }

    /// <summary>It waits in <paramref name="region"/> now; who may see it (its case's region) stays as it was.</summary>
    public static void MoveTo(ContactState s, string region, Caller by, Roles role, DateTimeOffset now)
    {
        s.CaseRegion ??= s.Region;
        s.Region = region;
        s.Change = Change(AuditActions.ContactMoved, by, role, now);
    }

    /// <summary>Forgets the person's fields of a finished contact; refused while it is open.</summary>
    public static void Erase(ContactState s, Caller by, DateTimeOffset now)
    {
        if (s.EndedAt is null)
        {
            throw new FailedPreconditionException("CaseId", "the case has a contact still open; end it before erasing");
        }

        s.ErasePersonalData(now);
        s.Change = Change(AuditActions.ContactErased, by, by.Roles & Roles.Admin, now);
    }

    public static ContactChange Change(string action, Caller by, Roles role, DateTimeOffset at) =>
        new(action, by.Subject, Caller.RoleName(role), at);

    private static void Queue(ContactState s, Guid contactId, Guid caseId, WorkKind kind, string region, string location, Urgency urgency, DateTimeOffset now, Caller by)
    {
        (s.ContactId, s.CaseId, s.Kind, s.Status) = (contactId, caseId, kind, ContactStatus.Queued);
        (s.Region, s.Location, s.Urgency, s.ReceivedAt, s.OpenedBy) = (region, location, urgency, now, by.Subject);
    }

    private static void Finish(ContactState s, ContactStatus status, bool endedByOperator, ContactChange change) =>
        (s.Status, s.EndedAt, s.EndedByOperator, s.Change) = (status, change.At, endedByOperator, change);

    private static string Describe(ContactStatus status) => status.ToString().ToLowerInvariant();
}
