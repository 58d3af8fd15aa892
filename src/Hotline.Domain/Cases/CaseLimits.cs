using Hotline.Domain;
using Hotline.Errors;

namespace Hotline.Cases;

/// <summary>
/// How much one case may hold (section <c>Hotline:CaseLimits</c>), so that a case, which is
/// read whole and rewritten whole with each change, stays well under what a client accepts in
/// one message (4 MB). Work that would take a case past a cap is refused naming the cap; a full
/// case can still be closed and its follow-ups still run or lapse.
/// </summary>
public sealed class CaseLimits
{
    public const string Section = "Hotline:CaseLimits";

    /// <summary>Notes, corrections included (each up to 4,000 characters).</summary>
    public int Notes { get; set; } = 100;

    /// <summary>Referrals made.</summary>
    public int Referrals { get; set; } = 50;

    /// <summary>Follow-ups scheduled over the case's life (at most 50 of them waiting at once).</summary>
    public int FollowUps { get; set; } = 100;

    /// <summary>Contacts, follow-ups routed and transfers linked to the case after its first contact.</summary>
    public int Contacts { get; set; } = 300;

    /// <summary>Events the case records of its own work (the history adds a few per contact).</summary>
    public int Events { get; set; } = 1_000;

    /// <summary>The names and values of the caps, for validating the configuration.</summary>
    public IEnumerable<(string Name, int Value)> All() =>
        [(nameof(Notes), Notes), (nameof(Referrals), Referrals), (nameof(FollowUps), FollowUps), (nameof(Contacts), Contacts), (nameof(Events), Events)];

    /// <summary>
    /// Refuses the change from <paramref name="before"/> to <paramref name="after"/> when it grows
    /// something past its cap. Events that wind a case down (closing it, a follow-up routed or
    /// cancelled) are always recorded: they are bounded by the follow-ups, and a closed case at
    /// the cap cannot be reopened to grow again.
    /// </summary>
    public void EnsureRoom(CaseState before, CaseState after)
    {
        Refuse(before.Notes.Count, after.Notes.Count, Notes, "notes");
        Refuse(before.Referrals.Count, after.Referrals.Count, Referrals, "referrals");
        Refuse(before.FollowUps.Count, after.FollowUps.Count, FollowUps, "follow-ups");
        Refuse(before.Contacts.Count, after.Contacts.Count, Contacts, "linked contacts, follow-ups and transfers");
        if (after.Events.Skip(before.Events.Count).Any(e => !WindsDown(e)))
        {
            Refuse(before.Events.Count, after.Events.Count, Events, "events of its own");
        }
    }

    private static bool WindsDown(CaseEvent e) =>
        e.Kind is CaseEventKind.FollowUpRouted or CaseEventKind.FollowUpCancelled
        || (e.Kind == CaseEventKind.StatusChanged && e.Detail == CaseLifecycle.Name(CaseStatus.Closed));

    private static void Refuse(int before, int after, int cap, string what)
    {
        if (after > before && after > cap)
        {
            throw new ResourceExhaustedException("CaseId", $"a case holds at most {cap} {what}; this one is full");
        }
    }
}
