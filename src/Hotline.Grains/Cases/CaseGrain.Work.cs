using Hotline.Access;
using Hotline.Audit;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Responders;
using Hotline.Routing;

namespace Hotline.Cases;

/// <summary>The work on a case: notes, facts, referrals, transfers, follow-ups, closing and reopening.</summary>
public sealed partial class CaseGrain
{
    /// <summary>The most follow-ups a case may have waiting at once.</summary>
    public const int MaxPendingFollowUps = 50;

    /// <summary>The most notes a case may hold.</summary>
    public const int MaxNotes = 1000;

    /// <summary>How far ahead a follow-up may be scheduled.</summary>
    public static readonly TimeSpan FollowUpHorizon = TimeSpan.FromDays(366);

    /// <summary>The identity routed follow-ups carry in the audit.</summary>
    public static readonly Caller FollowUpScheduler = Caller.System("follow-ups");

    public async Task<CaseNote> AddNote(string text, Guid? corrects, Caller caller)
    {
        var view = await LoadAsync();
        var role = view is null ? Roles.None : AccessPolicy.NoteOnCase(caller, view.Scope, view.Owner);
        var (v, r) = Permitted(view, role, caller);
        RefuseWhenClosed(v, "reopen it to add a note");
        if (corrects is { } old && state.State.Notes.All(n => n.NoteId != old))
        {
            throw new InvalidFieldException("corrects_note_id", "names no note of this case");
        }

        if (state.State.Notes.Count >= MaxNotes)
        {
            throw new FailedPreconditionException($"case_id: the case holds the most notes allowed ({MaxNotes})");
        }

        var now = clock.GetUtcNow();
        var note = new CaseNote(Guid.NewGuid(), now, caller.Subject, Caller.RoleName(r), text, corrects);
        await CommitAsync(v, s =>
        {
            StartWork(v, s, caller, now);
            s.Notes.Add(note);
            s.Events.Add(new CaseEvent(now, CaseEventKind.NoteAdded, null, caller.Subject, note.NoteId, corrects is null ? null : "correction"));
        }, Change(AuditActions.NoteAdded, caller, r, now));
        return note;
    }

    public async Task<CaseSnapshot> UpdateFacts(CaseFactsUpdate update, Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        RefuseWhenClosed(view, "reopen it to change its facts");
        var now = clock.GetUtcNow();
        var facts = update.ApplyTo(state.State.Facts);
        var consentChanged = facts.Consents != state.State.Facts.Consents;
        await CommitAsync(view, s =>
        {
            StartWork(view, s, caller, now);
            s.Facts = facts;
            s.Events.Add(new CaseEvent(now, CaseEventKind.FactsUpdated, null, caller.Subject));
            if (consentChanged)
            {
                s.Events.Add(new CaseEvent(now, CaseEventKind.ConsentChanged, null, caller.Subject,
                    Detail: $"share_with_partners={Flag(facts.Consents.ShareWithPartners)},contact_back={Flag(facts.Consents.ContactBack)}"));
            }

            if (!facts.Consents.ContactBack)
            {
                // Calling someone who said it is not safe to call them is never done.
                CancelPending(s, f => f.Kind == FollowUpKind.CallBack, caller.Subject, now);
            }
        }, Change(AuditActions.FactsUpdated, caller, role, now));
        return await SnapshotAsync();
    }

    public async Task<Referral> Refer(ReferralRequest request, Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        if (view.Status is CaseStatus.New or CaseStatus.Closed)
        {
            throw CaseLifecycle.Refuse(view.Status, "a referral needs a case someone is working");
        }

        if (!request.OrganisationRegions.Contains(Caller.AllRegions) && !request.OrganisationRegions.Contains(view.Region))
        {
            throw new FailedPreconditionException($"organisation_id: the organisation does not serve {view.Region}, where the case belongs");
        }

        var overriding = request.OrganisationIsOutside && !state.State.Facts.Consents.ShareWithPartners;
        if (overriding && string.IsNullOrWhiteSpace(request.OverrideReason))
        {
            throw new FailedPreconditionException(
                "consents.share_with_partners: the person has not agreed to share their case with partner organisations; record consent, or a supervisor may override with a reason");
        }

        if (overriding && role != Roles.Supervisor)
        {
            // Only as a supervisor of the case's own region, whatever else the token carries.
            throw new PermissionDeniedException("override_reason");
        }

        var now = clock.GetUtcNow();
        var referral = new Referral(Guid.NewGuid(), request.Service, request.OrganisationId, ReferralStatus.Requested, now, caller.Subject, now,
            overriding ? request.OverrideReason : null, overriding ? caller.Subject : null);
        await CommitAsync(view, s =>
        {
            StartWork(view, s, caller, now);
            if (overriding)
            {
                s.Events.Add(new CaseEvent(now, CaseEventKind.ConsentOverridden, null, caller.Subject, referral.ReferralId));
            }

            s.Referrals.Add(referral);
            s.Events.Add(new CaseEvent(now, CaseEventKind.ReferralRequested, null, caller.Subject, referral.ReferralId, ServiceCode(request.Service)));
            if (EffectiveStatus(view, s) == CaseStatus.InProgress)
            {
                SetStatus(s, CaseStatus.Referred, caller, now);
            }
        }, Change(overriding ? AuditActions.ConsentOverridden : AuditActions.ReferralRequested, caller, role, now));
        return referral;
    }

    public async Task<Referral> UpdateReferral(Guid referralId, ReferralStatus status, Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        RefuseWhenClosed(view, "reopen it to update a referral");
        var index = state.State.Referrals.FindIndex(r => r.ReferralId == referralId);
        if (index < 0)
        {
            throw new InvalidFieldException("referral_id", "names no referral of this case");
        }

        var current = state.State.Referrals[index];
        var allowed = current.Status switch
        {
            ReferralStatus.Requested => status is ReferralStatus.Accepted or ReferralStatus.Declined,
            ReferralStatus.Accepted => status == ReferralStatus.Completed,
            _ => false,
        };
        if (!allowed)
        {
            throw new FailedPreconditionException(
                $"referral_id: the referral is {current.Status.ToString().ToLowerInvariant()}; a requested referral is accepted or declined, an accepted one completed");
        }

        var now = clock.GetUtcNow();
        var updated = current with { Status = status, UpdatedAt = now };
        await CommitAsync(view, s =>
        {
            s.Referrals[index] = updated;
            s.Events.Add(new CaseEvent(now, CaseEventKind.ReferralUpdated, null, caller.Subject, referralId, status.ToString().ToLowerInvariant()));
        }, Change(AuditActions.ReferralUpdated, caller, role, now));
        return updated;
    }

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
        await GrainFactory.GetGrain<IContactGrain>(itemId).OpenWork(item, caller with { Roles = role });
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

    public async Task<CaseSnapshot> Close(Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        if (!CaseLifecycle.Allows(view.Status, CaseStatus.Closed))
        {
            throw CaseLifecycle.Refuse(view.Status, "only a case in progress or referred can be closed");
        }

        // A contact linked a moment ago but not yet recorded would otherwise slip into a closed case.
        if (!await DropLinksNeverRecordedAsync(view))
        {
            throw new FailedPreconditionException("case_id: a contact of the case is being opened; finish it before closing");
        }

        view = await LoadAsync() ?? throw AccessPolicy.Refusal(caller, "case_id", "case", CaseId);

        if (view.HasOpenWork || view.PendingTransfer is not null)
        {
            throw new FailedPreconditionException("case_id: a contact, follow-up or transfer of the case is still open; finish it before closing");
        }

        var now = clock.GetUtcNow();
        await CommitAsync(view, s =>
        {
            CancelPending(s, _ => true, caller.Subject, now);
            SetStatus(s, CaseStatus.Closed, caller, now);
        }, Change(AuditActions.CaseClosed, caller, role, now));
        return await SnapshotAsync();
    }

    public async Task<CaseSnapshot> Reopen(Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        if (view.Status != CaseStatus.Closed)
        {
            throw CaseLifecycle.Refuse(view.Status, "only a closed case can be reopened");
        }

        if (view.Snapshot().ErasedAt is not null)
        {
            throw new FailedPreconditionException("case_id: the case's personal data was erased; open a new case instead");
        }

        var now = clock.GetUtcNow();
        await CommitAsync(view, s => SetStatus(s, CaseStatus.InProgress, caller, now), Change(AuditActions.CaseReopened, caller, role, now));
        return await SnapshotAsync();
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

            await GrainFactory.GetGrain<IContactGrain>(itemId).OpenWork(FollowUpItem(view, followUp), FollowUpScheduler);
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

    /// <summary>The case for a caller who may work it, and the role under which they may; refused alike when missing.</summary>
    private async Task<(CaseView View, Roles Role)> WorkableAsync(Caller caller)
    {
        var view = await LoadAsync();
        var role = view is null ? Roles.None : AccessPolicy.WorkOnCase(caller, view.Region, view.Owner);
        return Permitted(view, role, caller);
    }

    private (CaseView View, Roles Role) Permitted(CaseView? view, Roles role, Caller caller) =>
        view is null || role == Roles.None ? throw AccessPolicy.Refusal(caller, "case_id", "case", CaseId) : (view, role);

    private async Task<CaseSnapshot> SnapshotAsync() =>
        (await LoadAsync() ?? throw new NotFoundException("case", CaseId.ToString())).Snapshot();

    private static void RefuseWhenClosed(CaseView view, string rule)
    {
        if (view.Status == CaseStatus.Closed)
        {
            throw CaseLifecycle.Refuse(CaseStatus.Closed, rule);
        }
    }

    /// <summary>Work recorded on an assigned case starts it: assigned → in progress.</summary>
    private static void StartWork(CaseView view, CaseState s, Caller caller, DateTimeOffset now)
    {
        if (EffectiveStatus(view, s) == CaseStatus.Assigned)
        {
            SetStatus(s, CaseStatus.InProgress, caller, now);
        }
    }

    private static CaseStatus EffectiveStatus(CaseView view, CaseState s) => s.Status ?? view.Status;

    private static void SetStatus(CaseState s, CaseStatus status, Caller caller, DateTimeOffset now)
    {
        s.Status = status;
        s.Events.Add(new CaseEvent(now, CaseEventKind.StatusChanged, null, caller.Subject, Detail: CaseLifecycle.Name(status)));
    }

    private static void CancelPending(CaseState s, Func<FollowUp, bool> which, string? by, DateTimeOffset now)
    {
        for (var i = 0; i < s.FollowUps.Count; i++)
        {
            if (s.FollowUps[i].Pending && which(s.FollowUps[i]))
            {
                s.FollowUps[i] = s.FollowUps[i] with { CancelledAt = now };
                s.Events.Add(new CaseEvent(now, CaseEventKind.FollowUpCancelled, null, by, s.FollowUps[i].FollowUpId));
            }
        }
    }

    private static string Flag(bool value) => value ? "yes" : "no";

    private static string ServiceCode(ServiceType service) => service switch
    {
        ServiceType.LegalAid => "legal_aid",
        ServiceType.LawEnforcement => "law_enforcement",
        ServiceType.ReturnAndReintegration => "return_and_reintegration",
        _ => service.ToString().ToLowerInvariant(),
    };
}
