using Hotline.Api.V1;
using Hotline.Audit;
using Hotline.Cases;
using Hotline.Domain;
using Hotline.Ports;
using C = Hotline.Cases;
using D = Hotline.Domain;

namespace Hotline.Gateway.Services;

/// <summary>Case file conversions between the API and the grains.</summary>
internal static class CaseMapping
{
    public static CaseFactsUpdate ToDomain(UpdateCaseFactsRequest r) => new(
        r.HasExploitationType ? (C.ExploitationType)(int)r.ExploitationType : null,
        r.HasRiskLevel ? (C.RiskLevel)(int)r.RiskLevel : null,
        r.HasVictimStatus ? (C.VictimStatus)(int)r.VictimStatus : null,
        r.Consents is { } c ? new C.Consents(c.ShareWithPartners, c.ContactBack, c.SafeChannel.ToDomain(), c.SafeHours) : null);

    public static C.ReferralStatus ToDomain(this Api.V1.ReferralStatus status) => (C.ReferralStatus)((int)status - 1);

    public static Api.V1.ReferralStatus ToProto(this C.ReferralStatus status) => (Api.V1.ReferralStatus)((int)status + 1);

    public static Case ToProto(CaseSnapshot c)
    {
        var result = new Case
        {
            CaseId = c.CaseId.ToString(),
            Status = c.Status.ToProto(),
            Region = c.Region,
            OwnerResponderId = c.OwnerResponderId ?? "",
            OpenedAt = c.OpenedAt.ToProto(),
            ErasedAt = c.ErasedAt.ToProto(),
            Facts = ToProto(c.Facts),
            LastActivityAt = c.LastActivityAt.ToProto(),
            PendingTransferId = c.PendingTransfer?.ToString() ?? "",
        };
        result.ContactIds.AddRange(c.Contacts.Select(x => x.ToString()));
        result.History.AddRange(c.History.Select(ToProto));
        result.Notes.AddRange(c.Notes.Select(ToProto));
        result.Referrals.AddRange(c.Referrals.Select(ToProto));
        result.FollowUps.AddRange(c.FollowUps.Select(ToProto));
        return result;
    }

    public static Api.V1.CaseEvent ToProto(C.CaseEvent e) => new()
    {
        At = e.At.ToProto(),
        Kind = Naming.Snake(e.Kind.ToString()),
        ContactId = e.ContactId?.ToString() ?? "",
        Actor = e.Actor ?? "",
        ConcernsId = e.Concerns?.ToString() ?? "",
        Detail = e.Detail ?? "",
    };

    public static Api.V1.CaseNote ToProto(C.CaseNote n) => new()
    {
        NoteId = n.NoteId.ToString(),
        At = n.At.ToProto(),
        Author = n.Author,
        Role = n.Role,
        Text = n.Text,
        CorrectsNoteId = n.Corrects?.ToString() ?? "",
    };

    public static Api.V1.Referral ToProto(C.Referral r) => new()
    {
        ReferralId = r.ReferralId.ToString(),
        Service = (Api.V1.ServiceType)(int)r.Service,
        OrganisationId = r.OrganisationId,
        Status = r.Status.ToProto(),
        RequestedAt = r.RequestedAt.ToProto(),
        RequestedBy = r.RequestedBy,
        UpdatedAt = r.UpdatedAt.ToProto(),
        ConsentOverrideReason = r.ConsentOverrideReason ?? "",
        ConsentOverriddenBy = r.ConsentOverriddenBy ?? "",
    };

    public static Api.V1.FollowUp ToProto(C.FollowUp f) => new()
    {
        FollowUpId = f.FollowUpId.ToString(),
        Kind = (Api.V1.FollowUpKind)(int)f.Kind,
        DueAt = f.DueAt.ToProto(),
        ReferralId = f.ReferralId?.ToString() ?? "",
        Note = f.Note,
        ScheduledBy = f.ScheduledBy,
        RoutedAt = f.RoutedAt.ToProto(),
        CancelledAt = f.CancelledAt.ToProto(),
        ContactId = f.RoutedAt is null ? "" : HotlineIds.FollowUpItem(f.FollowUpId).ToString(),
    };

    public static Api.V1.CaseFacts ToProto(C.CaseFacts f) => new()
    {
        ExploitationType = (Api.V1.ExploitationType)(int)f.ExploitationType,
        RiskLevel = (Api.V1.RiskLevel)(int)f.RiskLevel,
        VictimStatus = (Api.V1.VictimStatus)(int)f.VictimStatus,
        Consents = new Api.V1.Consents
        {
            ShareWithPartners = f.Consents.ShareWithPartners,
            ContactBack = f.Consents.ContactBack,
            SafeChannel = f.Consents.SafeChannel.ToProto(),
            SafeHours = f.Consents.SafeHours,
        },
    };

    public static CaseSummary ToProto(CaseListing c) => new()
    {
        CaseId = c.CaseId.ToString(),
        Region = c.Region,
        Status = c.Status.ToProto(),
        OwnerResponderId = c.Owner ?? "",
        OpenedAt = c.OpenedAt.ToProto(),
        LastActivityAt = c.LastActivityAt.ToProto(),
        NextFollowUpAt = c.NextFollowUpAt.ToProto(),
    };

    public static Api.V1.Partner ToProto(Partners.Partner p)
    {
        var partner = new Api.V1.Partner { OrganisationId = p.Id, Name = p.Name, Outside = p.Outside, Example = p.Example };
        partner.Regions.AddRange(p.Regions);
        partner.Services.AddRange(p.Services.Select(s => (Api.V1.ServiceType)(int)s));
        return partner;
    }

    public static AuditRecord ToProto(AuditEntry e) => new()
    {
        At = e.At.ToProto(),
        Actor = e.Actor,
        Role = e.Role,
        Action = e.Action,
        ContactId = e.ContactId?.ToString() ?? "",
    };

    public static D.CaseStatus ToDomain(this Api.V1.CaseStatus status) => (D.CaseStatus)((int)status - 1);
}
