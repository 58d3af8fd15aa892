using Hotline.Access;
using Hotline.Audit;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Responders;
using Hotline.Routing;

namespace Hotline.Cases;

/// <summary>The work on a case that is routed like a contact: transfers, and follow-ups when they fall due.</summary>
public sealed partial class CaseGrain
{
    /// <summary>The most follow-ups a case may have waiting at once.</summary>
    public const int MaxPendingFollowUps = 50;

    /// <summary>How far ahead a follow-up may be scheduled.</summary>
    public static readonly TimeSpan FollowUpHorizon = TimeSpan.FromDays(366);

    /// <summary>The identity routed follow-ups carry in the audit.</summary>
    public static readonly Caller FollowUpScheduler = Caller.System("follow-ups");

    public async Task<Guid> Transfer(TransferTarget target, string reason, Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        RefuseWhenClosed(view, "reopen it before transferring it");
        if (view.PendingTransfer is not null)
        {
            throw new FailedPreconditionException("case_id: a transfer of the case is already waiting to be accepted");
        }

        var item = await TransferItemAsync(view, target, reason);
        if (target.ResponderId is { } to && to == view.Owner && target.Region is null)
        {
            throw new InvalidFieldException("to_responder_id", "already owns the case");
        }

        var now = clock.GetUtcNow();
        var number = state.State.TransfersRequested + 1;
        var itemId = HotlineIds.TransferItem(CaseId, number);
        await CommitAsync(view, s =>
        {
            s.TransfersRequested = number;
            s.Contacts.Add(itemId);
            s.Events.Add(new CaseEvent(now, CaseEventKind.TransferRequested, itemId, caller.Subject, Detail: target.ResponderId ?? target.Region));
        });

        // Recorded on the case first, so a failure here leaves a link the case drops or a retry finishes.
        await GrainFactory.GetGrain<IContactRouting>(itemId).OpenWork(item, caller with { Roles = role });
        return itemId;
    }

    public async Task<FollowUp> ScheduleFollowUp(FollowUpRequest request, Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        RefuseWhenClosed(view, "reopen it to schedule a follow-up");
        var now = clock.GetUtcNow();
        if (request.DueAt <= now || request.DueAt > now + FollowUpHorizon)
        {
            throw new InvalidFieldException("due_at", $"must be in the future and within {FollowUpHorizon.TotalDays:0} days");
        }

        if (request.Kind == FollowUpKind.CallBack && !state.State.Facts.Consents.ContactBack)
        {
            throw new FailedPreconditionException("consents.contact_back: the person has not agreed to be contacted back; record consent first");
        }

        if (request.Kind == FollowUpKind.CheckReferral && (request.ReferralId is not { } rid || state.State.Referrals.All(r => r.ReferralId != rid)))
        {
            throw new InvalidFieldException("referral_id", "must name a referral of this case for a referral check");
        }

        if (state.State.FollowUps.Count(f => f.Pending) >= MaxPendingFollowUps)
        {
            throw new FailedPreconditionException($"case_id: the case has the most follow-ups waiting allowed ({MaxPendingFollowUps})");
        }

        var followUp = new FollowUp(Guid.NewGuid(), request.Kind, request.DueAt, request.ReferralId, request.Note, caller.Subject, now, null, null);
        await CommitAsync(view, s =>
        {
            StartWork(view, s, caller, now);
            s.FollowUps.Add(followUp);
            s.Events.Add(new CaseEvent(now, CaseEventKind.FollowUpScheduled, null, caller.Subject, followUp.FollowUpId,
                request.Kind == FollowUpKind.CallBack ? "call_back" : "check_referral"));
        }, Change(AuditActions.FollowUpScheduled, caller, role, now));
        return followUp;
    }

    public async Task<int> RouteDueFollowUps()
    {
        var now = clock.GetUtcNow();
        var due = state.State.FollowUps.Where(f => f.Pending && f.DueAt <= now).ToList();
        if (due.Count == 0 || await LoadAsync() is not { } view)
        {
            return 0;
        }

        if (view.Status == CaseStatus.Closed || (!state.State.Facts.Consents.ContactBack && due.Any(f => f.Kind == FollowUpKind.CallBack)))
        {
            // Nothing is routed for a closed case, and no call-back without the consent to call.
            var closed = view.Status == CaseStatus.Closed;
            await CommitAsync(view, s => CancelPending(s, f => f.DueAt <= now && (closed || f.Kind == FollowUpKind.CallBack), null, now));
            due = state.State.FollowUps.Where(f => f.Pending && f.DueAt <= now).ToList();
        }

        foreach (var followUp in due)
        {
            var itemId = HotlineIds.FollowUpItem(followUp.FollowUpId);
            if (!state.State.Contacts.Contains(itemId))
            {
                await CommitAsync(view, s => s.Contacts.Add(itemId));
            }

            await GrainFactory.GetGrain<IContactRouting>(itemId).OpenWork(FollowUpItem(view, followUp), FollowUpScheduler);
            var routedAt = clock.GetUtcNow();
            await CommitAsync(view, s =>
            {
                var i = s.FollowUps.FindIndex(f => f.FollowUpId == followUp.FollowUpId);
                s.FollowUps[i] = s.FollowUps[i] with { RoutedAt = routedAt };
                s.Events.Add(new CaseEvent(routedAt, CaseEventKind.FollowUpRouted, itemId, null, followUp.FollowUpId));
            });
        }

        return due.Count;
    }

    private WorkItem FollowUpItem(CaseView view, FollowUp followUp)
    {
        var consents = state.State.Facts.Consents;
        var channel = consents.SafeChannel != Channel.Unspecified ? consents.SafeChannel : view.First.Channel;
        var urgency = state.State.Facts.RiskLevel >= RiskLevel.High ? Urgency.High : Urgency.Normal;
        return new WorkItem(CaseId, WorkKind.FollowUp, view.Region, new ContactNeeds(channel, view.First.Language, view.First.Skills), urgency,
            followUp.Note, view.Owner, null, null, followUp.FollowUpId, view.Region);
    }

    /// <summary>The work item of a transfer: to a named responder (their home queue, them alone), or to a region's queue.</summary>
    private async Task<WorkItem> TransferItemAsync(CaseView view, TransferTarget target, string reason)
    {
        var moveTo = target.Region is { } region && region != view.Region ? region : null;
        var urgency = state.State.Facts.RiskLevel >= RiskLevel.High ? Urgency.High : Urgency.Normal;
        if (target.ResponderId is not { } responderId)
        {
            return new WorkItem(CaseId, WorkKind.Transfer, target.Region ?? view.Region, new ContactNeeds(view.First.Channel, view.First.Language, []),
                urgency, reason, null, null, moveTo, null, view.Region);
        }

        var responder = await GrainFactory.GetGrain<IResponderGrain>(responderId).Get()
            ?? throw new InvalidFieldException("to_responder_id", "names no registered responder");
        var profile = responder.Profile;
        var needs = new ContactNeeds(profile.Capacity[0].Channel, profile.Languages[0], []);
        return new WorkItem(CaseId, WorkKind.Transfer, profile.HomeRegion, needs, urgency, reason, responderId, responderId, moveTo, null, view.Region);
    }
}
