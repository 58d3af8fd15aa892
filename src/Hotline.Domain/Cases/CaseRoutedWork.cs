using Hotline.Access;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Responders;
using Hotline.Routing;

namespace Hotline.Cases;

/// <summary>
/// The work on a case that is routed like a contact: transfers, and follow-ups when they fall
/// due. What is allowed, what the routed item asks for, and what each step writes on the case.
/// </summary>
public static class CaseRoutedWork
{
    /// <summary>The most follow-ups a case may have waiting at once.</summary>
    public const int MaxPendingFollowUps = 50;

    /// <summary>How far ahead a follow-up may be scheduled.</summary>
    public static readonly TimeSpan FollowUpHorizon = TimeSpan.FromDays(366);

    /// <summary>The identity routed follow-ups carry in the audit.</summary>
    public static readonly Caller FollowUpScheduler = Caller.System("follow-ups");

    /// <summary>Refused while the case is closed or a transfer of it already waits.</summary>
    public static void EnsureTransferable(CaseView view)
    {
        CaseWork.RefuseWhenClosed(view, "reopen it before transferring it");
        if (view.PendingTransfer is not null)
        {
            throw new FailedPreconditionException("CaseId", "a transfer of the case is already waiting to be accepted");
        }
    }

    /// <summary>
    /// The work item of a transfer: to a named responder (their home queue, them alone; null
    /// <paramref name="responder"/> when none is registered), or to a region's queue.
    /// </summary>
    public static WorkItem TransferItem(CaseView view, CaseState s, TransferTarget target, string reason, ResponderSnapshot? responder)
    {
        var moveTo = target.Region is { } region && region != view.Region ? region : null;
        var urgency = UrgencyOf(s);
        if (target.ResponderId is not { } responderId)
        {
            return new WorkItem(view.CaseId, WorkKind.Transfer, target.Region ?? view.Region, new ContactNeeds(view.First.Channel, view.First.Language, []),
                urgency, reason, null, null, moveTo, null, view.Region);
        }

        var profile = (responder ?? throw new InvalidFieldException("ToResponderId", "names no registered responder")).Profile;
        if (responderId == view.Owner && target.Region is null)
        {
            throw new InvalidFieldException("ToResponderId", "already owns the case");
        }

        var needs = new ContactNeeds(profile.Capacity[0].Channel, profile.Languages[0], []);
        return new WorkItem(view.CaseId, WorkKind.Transfer, profile.HomeRegion, needs, urgency, reason, responderId, responderId, moveTo, null, view.Region);
    }

    /// <summary>Links the transfer's item to the case, numbered after the ones asked for before.</summary>
    public static void AddTransfer(CaseState s, Guid itemId, int number, TransferTarget target, Caller by, DateTimeOffset now)
    {
        s.TransfersRequested = number;
        s.Contacts.Add(itemId);
        s.Events.Add(new CaseEvent(now, CaseEventKind.TransferRequested, itemId, by.Subject, Detail: target.ResponderId ?? target.Region));
    }

    /// <summary>A follow-up, checked: due ahead within the horizon, a call-back only with the consent to call, a referral check naming a referral.</summary>
    public static FollowUp FollowUp(CaseView view, CaseState s, FollowUpRequest request, Caller by, DateTimeOffset now)
    {
        CaseWork.RefuseWhenClosed(view, "reopen it to schedule a follow-up");
        if (request.DueAt <= now || request.DueAt > now + FollowUpHorizon)
        {
            throw new InvalidFieldException("DueAt", $"must be in the future and within {FollowUpHorizon.TotalDays:0} days");
        }

        if (request.Kind == FollowUpKind.CallBack && !s.Facts.Consents.ContactBack)
        {
            throw new FailedPreconditionException("Consents.ContactBack", "the person has not agreed to be contacted back; record consent first");
        }

        if (request.Kind == FollowUpKind.CheckReferral && (request.ReferralId is not { } rid || s.Referrals.All(r => r.ReferralId != rid)))
        {
            throw new InvalidFieldException("ReferralId", "must name a referral of this case for a referral check");
        }

        if (s.FollowUps.Count(f => f.Pending) >= MaxPendingFollowUps)
        {
            throw new FailedPreconditionException("CaseId", $"the case has the most follow-ups waiting allowed ({MaxPendingFollowUps})");
        }

        return new FollowUp(Guid.NewGuid(), request.Kind, request.DueAt, request.ReferralId, request.Note, by.Subject, now, null, null);
    }

    public static void AddFollowUp(CaseView view, CaseState s, FollowUp followUp, Caller by)
    {
        CaseWork.StartWork(view, s, by, followUp.ScheduledAt);
        s.FollowUps.Add(followUp);
        s.Events.Add(new CaseEvent(followUp.ScheduledAt, CaseEventKind.FollowUpScheduled, null, by.Subject, followUp.FollowUpId,
            followUp.Kind == FollowUpKind.CallBack ? "call_back" : "check_referral"));
    }

    /// <summary>The follow-ups due now; none while the caller is not safe (they are held, see <see cref="CallerNotSafe"/>).</summary>
    public static List<FollowUp> Due(CaseState s, DateTimeOffset now) =>
        s.NotSafeSince is not null ? [] : [.. s.FollowUps.Where(f => f.Pending && f.DueAt <= now)];

    /// <summary>
    /// Nothing is routed for a closed case, and no call-back without the consent to call: true
    /// when some of <paramref name="due"/> must be cancelled instead (see <see cref="CancelUnroutable"/>).
    /// </summary>
    public static bool HasUnroutable(CaseView view, CaseState s, IEnumerable<FollowUp> due) =>
        view.Status == CaseStatus.Closed || (!s.Facts.Consents.ContactBack && due.Any(f => f.Kind == FollowUpKind.CallBack));

    public static void CancelUnroutable(CaseView view, CaseState s, DateTimeOffset now)
    {
        var closed = view.Status == CaseStatus.Closed;
        CaseWork.CancelPending(s, f => f.DueAt <= now && (closed || f.Kind == FollowUpKind.CallBack), null, now);
    }

    /// <summary>
    /// The work item of a follow-up due: on the safe channel when one was given, inside the safe
    /// window when one was given, to the case's owner first, in the case's region; sooner when the risk is high.
    /// </summary>
    public static WorkItem FollowUpItem(CaseView view, CaseState s, FollowUp followUp)
    {
        var (window, channel, held) = SafeContact.GateOf(s, view.First.Channel);
        return new WorkItem(view.CaseId, WorkKind.FollowUp, view.Region, new ContactNeeds(channel, view.First.Language, view.First.Skills), UrgencyOf(s),
            followUp.Note, view.Owner, null, null, followUp.FollowUpId, view.Region, window, held);
    }

    /// <summary>The follow-up's item is on its way: routed at <paramref name="at"/>.</summary>
    public static void MarkRouted(CaseState s, FollowUp followUp, Guid itemId, DateTimeOffset at)
    {
        var i = s.FollowUps.FindIndex(f => f.FollowUpId == followUp.FollowUpId);
        s.FollowUps[i] = s.FollowUps[i] with { RoutedAt = at };
        s.Events.Add(new CaseEvent(at, CaseEventKind.FollowUpRouted, itemId, null, followUp.FollowUpId));
    }

    private static Urgency UrgencyOf(CaseState s) => s.Facts.RiskLevel >= RiskLevel.High ? Urgency.High : Urgency.Normal;
}
