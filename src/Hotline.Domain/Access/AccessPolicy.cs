using Hotline.Errors;

namespace Hotline.Access;

/// <summary>What a record holds that decides who may see it; no personal data.</summary>
public sealed record RecordScope(string Region, string? OpenedBy, IReadOnlyCollection<string> Responders);

/// <summary>
/// The rules of who may read and act on contacts and cases, in one place. Each answers the
/// role under which access is granted, or <see cref="Roles.None"/>.
/// </summary>
public static class AccessPolicy
{
    /// <summary>
    /// Reading a contact or a case: supervisors of its region, the operator who opened it,
    /// and responders who worked it. Admins see no case content.
    /// </summary>
    public static Roles Read(Caller caller, RecordScope scope)
    {
        if (caller.Is(Roles.Supervisor) && caller.Covers(scope.Region))
        {
            return Roles.Supervisor;
        }

        if (caller.Is(Roles.Operator) && scope.OpenedBy is { } opener && opener == caller.Subject)
        {
            return Roles.Operator;
        }

        if (caller.Is(Roles.Responder) && caller.ResponderId is { } responder && scope.Responders.Contains(responder))
        {
            return Roles.Responder;
        }

        return Roles.None;
    }

    /// <summary>Acting on a contact for its caller (abandon, end): its operator or a supervisor of its region.</summary>
    public static Roles ActOnContact(Caller caller, RecordScope scope)
    {
        if (caller.Is(Roles.Supervisor) && caller.Covers(scope.Region))
        {
            return Roles.Supervisor;
        }

        return caller.Is(Roles.Operator) && scope.OpenedBy == caller.Subject ? Roles.Operator : Roles.None;
    }

    /// <summary>
    /// Working a case (facts, referrals, transfers, follow-ups, closing and reopening): the
    /// responder who owns it and supervisors of its region.
    /// </summary>
    public static Roles WorkOnCase(Caller caller, string region, string? owner)
    {
        if (caller.Is(Roles.Supervisor) && caller.Covers(region))
        {
            return Roles.Supervisor;
        }

        return caller.Is(Roles.Responder) && owner is not null && caller.ResponderId == owner ? Roles.Responder : Roles.None;
    }

    /// <summary>Adding a note: whoever works the case, and the operator who took its first contact.</summary>
    public static Roles NoteOnCase(Caller caller, RecordScope scope, string? owner)
    {
        var role = WorkOnCase(caller, scope.Region, owner);
        if (role != Roles.None)
        {
            return role;
        }

        return caller.Is(Roles.Operator) && scope.OpenedBy == caller.Subject ? Roles.Operator : Roles.None;
    }

    /// <summary>Taking a contact in a region, or linking one to a case there.</summary>
    public static Roles Intake(Caller caller, string region)
    {
        if (caller.Is(Roles.Operator) && caller.Covers(region))
        {
            return Roles.Operator;
        }

        return caller.Is(Roles.Supervisor) && caller.Covers(region) ? Roles.Supervisor : Roles.None;
    }

    /// <summary>Supervisors' actions on the queue of a region (reassign, move): supervisors of that region.</summary>
    public static Roles Supervise(Caller caller, string region) =>
        caller.Is(Roles.Supervisor) && caller.Covers(region) ? Roles.Supervisor : Roles.None;

    /// <summary>Reading a case's audit: admins, and supervisors of its region.</summary>
    public static Roles ReadAudit(Caller caller, string region)
    {
        if (caller.Is(Roles.Supervisor) && caller.Covers(region))
        {
            return Roles.Supervisor;
        }

        return caller.Is(Roles.Admin) ? Roles.Admin : Roles.None;
    }

    /// <summary>
    /// The answer for a record that does not exist or is out of scope: the same refusal for
    /// both, so a caller learns nothing about what exists outside their reach.
    /// </summary>
    public static HotlineException Refusal(Caller caller, string field, string kind, Guid id) =>
        caller.SeesEverything ? new NotFoundException(kind, id.ToString()) : new PermissionDeniedException(field);
}
