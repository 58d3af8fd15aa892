using Hotline.Access;
using Hotline.Audit;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Queues;
using Hotline.Supervision;

namespace Hotline.Cases;

/// <summary>The work on a case: notes, facts, referrals, closing and reopening (transfers and follow-ups: CaseGrain.Routing).</summary>
public sealed partial class CaseGrain
{
    /// <summary>The most notes a case may hold.</summary>
    public const int MaxNotes = 1000;

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
        var before = state.State.Facts;
        var facts = update.ApplyTo(before);
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
        if (facts.RiskLevel == RiskLevel.ImminentDanger && before.RiskLevel != RiskLevel.ImminentDanger)
        {
            // Saved first: the alert points at what a supervisor can read now.
            var open = view.Contacts.LastOrDefault(c => c.Kind == WorkKind.Contact && c.EndedAt is null);
            GrainFactory.GetGrain<IDispatcherGrain>(view.Region).RaiseAlert(new CrisisAlert(view.Region, AlertReason.RiskRaised, CaseId,
                open?.ContactId, open?.Channel, now, now)).Ignore();
        }

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
