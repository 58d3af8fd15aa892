using Hotline.Access;
using Hotline.Domain;
using Hotline.Errors;

namespace Hotline.Cases;

/// <summary>
/// The work recorded on a case (notes, facts, referrals, closing and reopening): what is
/// allowed, refused naming the rule, and what each piece of work writes into the case's state.
/// The checks read the case as it stands (<see cref="CaseView"/>, its state); the changes are
/// applied to the copy the case grain is about to write.
/// </summary>
public static class CaseWork
{
    /// <summary>A note, or a correction of one, checked against the case as it stands.</summary>
    public static CaseNote Note(CaseView view, CaseState s, string text, Guid? corrects, Caller by, Roles role, DateTimeOffset now)
    {
        RefuseWhenClosed(view, "reopen it to add a note");
        if (corrects is { } old && s.Notes.All(n => n.NoteId != old))
        {
            throw new InvalidFieldException("CorrectsNoteId", "names no note of this case");
        }

        return new CaseNote(Guid.NewGuid(), now, by.Subject, Caller.RoleName(role), text, corrects);
    }

    public static void AddNote(CaseView view, CaseState s, CaseNote note, Caller by)
    {
        StartWork(view, s, by, note.At);
        s.Notes.Add(note);
        s.Events.Add(new CaseEvent(note.At, CaseEventKind.NoteAdded, null, by.Subject, note.NoteId, note.Corrects is null ? null : "correction"));
    }

    /// <summary>
    /// New facts, recorded with a consent change when there is one;
    /// withdrawing the consent to be contacted back cancels the call-backs waiting, since calling
    /// someone who said it is not safe to call them is never done.
    /// </summary>
    public static void UpdateFacts(CaseView view, CaseState s, CaseFacts facts, Caller by, DateTimeOffset now)
    {
        var consentChanged = facts.Consents != s.Facts.Consents;
        StartWork(view, s, by, now);
        s.Facts = facts;
        s.Events.Add(new CaseEvent(now, CaseEventKind.FactsUpdated, null, by.Subject));
        if (consentChanged)
        {
            s.Events.Add(new CaseEvent(now, CaseEventKind.ConsentChanged, null, by.Subject,
                Detail: $"share_with_partners={Flag(facts.Consents.ShareWithPartners)},contact_back={Flag(facts.Consents.ContactBack)}"));
        }

        if (!facts.Consents.ContactBack)
        {
            CancelPending(s, f => f.Kind == FollowUpKind.CallBack, by.Subject, now);
        }
    }

    /// <summary>Whether a change of facts raises the case to imminent danger (the region's supervisors are alerted).</summary>
    public static bool RaisesRisk(CaseFacts before, CaseFacts after) =>
        after.RiskLevel == RiskLevel.ImminentDanger && before.RiskLevel != RiskLevel.ImminentDanger;

    /// <summary>
    /// A referral, checked: a case someone works, an organisation serving its region, and for an
    /// outside organisation the person's consent to share, or a supervisor's override with a reason.
    /// </summary>
    public static Referral Referral(CaseView view, CaseState s, ReferralRequest request, Caller by, Roles role, DateTimeOffset now)
    {
        if (view.Status is CaseStatus.New or CaseStatus.Closed)
        {
            throw CaseLifecycle.Refuse(view.Status, "a referral needs a case someone is working");
        }

        if (!request.OrganisationRegions.Contains(Caller.AllRegions) && !request.OrganisationRegions.Contains(view.Region))
        {
            throw new FailedPreconditionException("OrganisationId", $"the organisation does not serve {view.Region}, where the case belongs");
        }

        var overriding = request.OrganisationIsOutside && !s.Facts.Consents.ShareWithPartners;
        if (overriding && string.IsNullOrWhiteSpace(request.OverrideReason))
        {
            throw new FailedPreconditionException(
                "consents.share_with_partners: the person has not agreed to share their case with partner organisations; record consent, or a supervisor may override with a reason");
        }

        if (overriding && role != Roles.Supervisor)
        {
            // Only as a supervisor of the case's own region, whatever else the token carries.
            throw new PermissionDeniedException("OverrideReason");
        }

        return new Referral(Guid.NewGuid(), request.Service, request.OrganisationId, ReferralStatus.Requested, now, by.Subject, now,
            overriding ? request.OverrideReason : null, overriding ? by.Subject : null);
    }

    /// <summary>Records a referral; a case in progress becomes referred.</summary>
    public static void AddReferral(CaseView view, CaseState s, Referral referral, Caller by)
    {
        var now = referral.RequestedAt;
        StartWork(view, s, by, now);
        if (referral.ConsentOverriddenBy is not null)
        {
            s.Events.Add(new CaseEvent(now, CaseEventKind.ConsentOverridden, null, by.Subject, referral.ReferralId));
        }

        s.Referrals.Add(referral);
        s.Events.Add(new CaseEvent(now, CaseEventKind.ReferralRequested, null, by.Subject, referral.ReferralId, ServiceCode(referral.Service)));
        if (EffectiveStatus(view, s) == CaseStatus.InProgress)
        {
            SetStatus(s, CaseStatus.Referred, by, now);
        }
    }

    /// <summary>A referral moved on: requested → accepted or declined; accepted → completed. Returns its index and new value.</summary>
    public static (int Index, Referral Updated) UpdatedReferral(CaseView view, CaseState s, Guid referralId, ReferralStatus status, DateTimeOffset now)
    {
        RefuseWhenClosed(view, "reopen it to update a referral");
        var index = s.Referrals.FindIndex(r => r.ReferralId == referralId);
        if (index < 0)
        {
            throw new InvalidFieldException("ReferralId", "names no referral of this case");
        }

        var current = s.Referrals[index];
        var allowed = current.Status switch
        {
            ReferralStatus.Requested => status is ReferralStatus.Accepted or ReferralStatus.Declined,
            ReferralStatus.Accepted => status == ReferralStatus.Completed,
            _ => false,
        };
        return allowed
            ? (index, current with { Status = status, UpdatedAt = now })
            : throw new FailedPreconditionException("ReferralId", $"the referral is {current.Status.ToString().ToLowerInvariant()}; a requested referral is accepted or declined, an accepted one completed");
    }

    /// <summary>Refused unless the case may close: in progress or referred, and nothing of it still open.</summary>
    public static void EnsureClosable(CaseView view, bool checkOpenWork)
    {
        if (!CaseLifecycle.Allows(view.Status, CaseStatus.Closed))
        {
            throw CaseLifecycle.Refuse(view.Status, "only a case in progress or referred can be closed");
        }

        if (checkOpenWork && (view.HasOpenWork || view.PendingTransfer is not null))
        {
            throw new FailedPreconditionException("CaseId", "a contact, follow-up or transfer of the case is still open; finish it before closing");
        }
    }

    /// <summary>Closing cancels the follow-ups waiting.</summary>
    public static void Close(CaseState s, Caller by, DateTimeOffset now)
    {
        CancelPending(s, _ => true, by.Subject, now);
        SetStatus(s, CaseStatus.Closed, by, now);
    }

    /// <summary>Refused unless the case is closed and its personal data still there.</summary>
    public static void EnsureReopenable(CaseView view)
    {
        if (view.Status != CaseStatus.Closed)
        {
            throw CaseLifecycle.Refuse(view.Status, "only a closed case can be reopened");
        }

        if (view.Snapshot().ErasedAt is not null)
        {
            throw new FailedPreconditionException("CaseId", "the case's personal data was erased; open a new case instead");
        }
    }

    public static void RefuseWhenClosed(CaseView view, string rule)
    {
        if (view.Status == CaseStatus.Closed)
        {
            throw CaseLifecycle.Refuse(CaseStatus.Closed, rule);
        }
    }

    /// <summary>Work recorded on an assigned case starts it: assigned → in progress.</summary>
    public static void StartWork(CaseView view, CaseState s, Caller by, DateTimeOffset now)
    {
        if (EffectiveStatus(view, s) == CaseStatus.Assigned)
        {
            SetStatus(s, CaseStatus.InProgress, by, now);
        }
    }

    public static void SetStatus(CaseState s, CaseStatus status, Caller by, DateTimeOffset now)
    {
        s.Status = status;
        s.Events.Add(new CaseEvent(now, CaseEventKind.StatusChanged, null, by.Subject, Detail: CaseLifecycle.Name(status)));
    }

    /// <summary>Cancels the follow-ups waiting that <paramref name="which"/> picks, recording each.</summary>
    public static void CancelPending(CaseState s, Func<FollowUp, bool> which, string? by, DateTimeOffset now)
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

    private static CaseStatus EffectiveStatus(CaseView view, CaseState s) => s.Status ?? view.Status;

    private static string Flag(bool value) => value ? "yes" : "no";

    private static string ServiceCode(ServiceType service) => service switch
    {
        ServiceType.LegalAid => "legal_aid",
        ServiceType.LawEnforcement => "law_enforcement",
        ServiceType.ReturnAndReintegration => "return_and_reintegration",
        _ => service.ToString().ToLowerInvariant(),
    };
}
