using System.Text.Json;
using Hotline.Api.V1;
using Hotline.Audit;
using Hotline.Cases;
using Hotline.Domain;
using Hotline.Ports;
using C = Hotline.Cases;

namespace Hotline.Gateway.Services;

/// <summary>Case file conversions between the API and the grains.</summary>
internal static class CaseMapping
{
    public static CaseFactsUpdate ToDomain(UpdateCaseFactsRequest r) => new(
        r.HasExploitationType ? r.ExploitationType.ToDomain() : null,
        r.HasRiskLevel ? r.RiskLevel.ToDomain() : null,
        r.HasVictimStatus ? r.VictimStatus.ToDomain() : null,
        r.Consents is { } c
            ? new C.Consents(c.ShareWithPartners, c.ContactBack, c.SafeChannel == Api.V1.Channel.Unspecified ? null : c.SafeChannel.ToDomain(), c.SafeHours,
                SafeContactMapping.ToDomain(c.SafeWindow), c.NoMessage, c.ClearCodeWord ? "" : c.CodeWord)
            : null,
        KeepCodeWord: r.Consents is { } k && k.CodeWord.Length == 0 && !k.ClearCodeWord);

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
            CallerNotSafeSince = c.CallerNotSafeSince.ToProto(),
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
        Kind = JsonNamingPolicy.SnakeCaseLower.ConvertName(e.Kind.ToString()),
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
        Service = r.Service.ToProto(),
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
        Kind = f.Kind.ToProto(),
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
        ExploitationType = f.ExploitationType.ToProto(),
        RiskLevel = f.RiskLevel.ToProto(),
        VictimStatus = f.VictimStatus.ToProto(),
        Consents = new Api.V1.Consents
        {
            ShareWithPartners = f.Consents.ShareWithPartners,
            ContactBack = f.Consents.ContactBack,
            SafeChannel = f.Consents.SafeChannelNamed?.ToProto() ?? Api.V1.Channel.Unspecified,
            SafeHours = f.Consents.SafeHours,
            SafeWindow = SafeContactMapping.ToProto(f.Consents.Window),
            NoMessage = f.Consents.NoMessage,
            // The code word is shown to the responder offered the case's follow-up alone.
            CodeWordSet = f.Consents.CodeWordGiven.Length > 0,
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
        RetentionErasesAt = c.RetentionErasesAt.ToProto(),
    };

    public static Api.V1.Partner ToProto(Partners.Partner p)
    {
        var partner = new Api.V1.Partner { OrganisationId = p.Id, Name = p.Name, Outside = p.Outside, Example = p.Example };
        partner.Regions.AddRange(p.Regions);
        partner.Services.AddRange(p.Services.Select(s => s.ToProto()));
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
}
