using Hotline.Errors;

namespace Hotline.Access;

/// <summary>
/// What a record holds that decides who may see it; no personal data. <paramref name="Responders"/>
/// are those who worked it, each with the end of their last work on it (null while it goes on).
/// </summary>
public sealed record RecordScope(string Region, string? OpenedBy, DateTimeOffset OpenedAt, IReadOnlyDictionary<string, DateTimeOffset?> Responders);

/// <summary>
/// What a case listing may show once the access rules narrowed what was asked; null regions is
/// every region; <paramref name="Role"/> is the role under which the caller lists (for the
/// audit); <paramref name="OpenedSince"/> keeps cases opened after then.
/// </summary>
public sealed record ListingScope(IReadOnlyCollection<string>? Regions, string? Owner, string? OpenedBy, Roles Role, DateTimeOffset? OpenedSince = null);

/// <summary>
/// The rules of who may read and act on contacts and cases, in one place. Each answers the
/// role under which access is granted, or <see cref="Roles.None"/>.
/// </summary>
public static class AccessPolicy
{
    /// <summary>
    /// Reading a contact or a case: supervisors of its region; the operator who opened it, for
    /// <see cref="AccessOptions.OperatorReadsFor"/> from then; responders who worked it, while
    /// they do and for <see cref="AccessOptions.ResponderReadsFor"/> after. Admins see no case content.
    /// </summary>
    public static Roles Read(Caller caller, RecordScope scope, AccessOptions terms, DateTimeOffset now)
    {
        if (caller.Is(Roles.Supervisor) && caller.Covers(scope.Region))
        {
            return Roles.Supervisor;
        }

        if (OpenerReads(caller, scope, terms, now))
        {
            return Roles.Operator;
        }

        if (caller.Is(Roles.Responder) && caller.ResponderId is { } responder && scope.Responders.TryGetValue(responder, out var lastWork)
            && (lastWork is null || now < lastWork.Value + terms.ResponderReadsFor))
        {
            return Roles.Responder;
        }

        return Roles.None;
    }

    /// <summary>The operator who opened the record, within <see cref="AccessOptions.OperatorReadsFor"/> of opening it.</summary>
    private static bool OpenerReads(Caller caller, RecordScope scope, AccessOptions terms, DateTimeOffset now) =>
        caller.Is(Roles.Operator) && scope.OpenedBy is { } opener && opener == caller.Subject && now < scope.OpenedAt + terms.OperatorReadsFor;

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

    /// <summary>Adding a note: whoever works the case, and the operator who took its first contact while they may read it.</summary>
    public static Roles NoteOnCase(Caller caller, RecordScope scope, string? owner, AccessOptions terms, DateTimeOffset now)
    {
        var role = WorkOnCase(caller, scope.Region, owner);
        if (role != Roles.None)
        {
            return role;
        }

        return OpenerReads(caller, scope, terms, now) ? Roles.Operator : Roles.None;
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

    /// <summary>Managing staff access (revoking tokens, disabling responders): admins.</summary>
    public static void EnsureManagesStaff(Caller caller)
    {
        if (!caller.Is(Roles.Admin))
        {
            throw new PermissionDeniedException("Subject", "only an admin manages staff access");
        }
    }

    /// <summary>
    /// No probing: only those who work or oversee cases (responders, supervisors, admins) see that
    /// a contact joined a case because the caller's number matched one; an operator is told what
    /// a new caller's intake would tell them.
    /// </summary>
    public static bool SeesCaseJoinedByCaller(Caller caller) =>
        caller.Is(Roles.Responder) || caller.Is(Roles.Supervisor) || caller.Is(Roles.Admin);

    /// <summary>
    /// Handing a waiting contact on: a supervisor reassigns it only to a responder whose home
    /// region they cover, and moves it only to a region they cover, as well as the one it waits in
    /// (<see cref="Supervise"/>): nobody places work where they cannot follow it. A responder who
    /// is not registered (<paramref name="toRegion"/> null) gets the same refusal, except for a
    /// supervisor of every region, so nobody learns which ids exist outside their regions.
    /// </summary>
    public static void EnsureHandOff(Caller caller, string? toRegion, HandOff kind)
    {
        if (toRegion is null ? !caller.SeesEverything : Supervise(caller, toRegion) == Roles.None)
        {
            throw kind == HandOff.ToResponder
                ? new PermissionDeniedException("ResponderId", "a supervisor may give a contact only to a responder whose home region they supervise")
                : new PermissionDeniedException("Region", "a supervisor may move a contact only to a region they supervise");
        }
    }

    /// <summary>
    /// The regions a supervisor may watch or count, of <paramref name="regions"/> (those named,
    /// or every region when <paramref name="named"/> is false): every region named must be
    /// theirs. A watch covering nothing is refused when <paramref name="refuseEmpty"/>, since
    /// it would never send anything.
    /// </summary>
    public static List<string> SupervisedRegions(Caller caller, IReadOnlyList<string> regions, bool named, bool refuseEmpty)
    {
        if (named && regions.Any(r => !caller.Covers(r)))
        {
            throw new PermissionDeniedException("Regions");
        }

        var scoped = regions.Where(caller.Covers).ToList();
        return refuseEmpty && scoped.Count == 0 ? throw new PermissionDeniedException("Regions") : scoped;
    }

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
    /// Listing cases: supervisors see their regions, responders the cases they own, operators
    /// the cases they opened while they may read them (<see cref="AccessOptions.OperatorReadsFor"/>). A supervisor naming a region outside theirs, or anyone naming an
    /// owner other than themselves, is refused; the other filters only narrow what the caller
    /// may see anyway. Null regions means every region.
    /// </summary>
    public static ListingScope ListCases(Caller caller, IReadOnlyCollection<string>? regions, string? owner, AccessOptions terms, DateTimeOffset now)
    {
        if (caller.Is(Roles.Supervisor))
        {
            if (regions?.FirstOrDefault(r => !caller.Covers(r)) is not null)
            {
                throw new PermissionDeniedException("Regions");
            }

            return new ListingScope(regions ?? (caller.Covers(Caller.AllRegions) ? null : caller.Regions), owner, null, Roles.Supervisor);
        }

        if (caller.Is(Roles.Responder) && caller.ResponderId is { } self)
        {
            return owner is null || owner == self ? new ListingScope(regions, self, null, Roles.Responder) : throw new PermissionDeniedException("OwnerResponderId");
        }

        return owner is null ? new ListingScope(regions, null, caller.Subject, Roles.Operator, now - terms.OperatorReadsFor) : throw new PermissionDeniedException("OwnerResponderId");
    }

    /// <summary>
    /// Reading a responder's profile, status and load: the responder themself, admins (who
    /// manage the roster), and supervisors of the responder's home region. A null home region
    /// is a responder not registered: only the responder themself and admins may ask.
    /// </summary>
    public static Roles ReadResponder(Caller caller, string responderId, string? homeRegion)
    {
        if (caller.Is(Roles.Responder) && caller.ResponderId == responderId)
        {
            return Roles.Responder;
        }

        if (caller.Is(Roles.Admin))
        {
            return Roles.Admin;
        }

        return homeRegion is not null ? Supervise(caller, homeRegion) : Roles.None;
    }

    /// <summary>
    /// Whether the caller may read some responder's record at all, decided before it is
    /// loaded: a caller without the right does not wake the responder's grain.
    /// </summary>
    public static bool MayReadResponders(Caller caller, string responderId) =>
        caller.Is(Roles.Supervisor) || ReadResponder(caller, responderId, homeRegion: null) != Roles.None;

    /// <summary>
    /// The answer for a responder who is not registered or out of scope: admins and callers
    /// who see every region learn that nobody is registered; others get the same refusal as
    /// for someone else's responder.
    /// </summary>
    public static HotlineException ResponderRefusal(Caller caller, string responderId) =>
        caller.Is(Roles.Admin) || caller.SeesEverything ? new NotFoundException("responder", responderId) : new PermissionDeniedException("ResponderId");

    /// <summary>
    /// The answer for a record that does not exist or is out of scope: the same refusal for
    /// both, so a caller learns nothing about what exists outside their reach.
    /// </summary>
    public static HotlineException Refusal(Caller caller, string field, string kind, Guid id) =>
        caller.SeesEverything ? new NotFoundException(kind, id.ToString()) : new PermissionDeniedException(field);
}
