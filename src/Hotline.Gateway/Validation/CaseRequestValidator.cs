using System.Text;
using System.Text.Json;
using Hotline.Api.V1;
using Hotline.Gateway.Services;
using Hotline.Partners;
using Hotline.Ports;
using Hotline.Topology;

namespace Hotline.Gateway.Validation;

/// <summary>The rules the case file's requests must meet before any grain is touched.</summary>
public sealed class CaseRequestValidator(RegionTopology topology, PartnerDirectory partners)
{
    public const int MaxNote = 4000;
    public const int MaxReason = 500;
    public const int MaxSafeHours = 200;
    public const int MaxPageSize = 500;
    public const int DefaultPageSize = 50;
    private const string TokenPrefix = "c1:";
    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;

    public (Guid CaseId, Guid? Corrects) AddNote(AddNoteRequest r)
    {
        var v = new Violations();
        var id = v.Uuid("case_id", r.CaseId);
        v.Text("text", r.Text, MaxNote);
        var corrects = OptionalUuid(v, "corrects_note_id", r.CorrectsNoteId);
        v.ThrowIfAny();
        return (id, corrects);
    }

    public Guid UpdateFacts(UpdateCaseFactsRequest r)
    {
        var v = new Violations();
        var id = v.Uuid("case_id", r.CaseId);
        if (!r.HasExploitationType && !r.HasRiskLevel && !r.HasVictimStatus && r.Consents is null)
        {
            v.Add("exploitation_type", "at least one of exploitation_type, risk_level, victim_status or consents must be given");
        }

        if (r.HasExploitationType)
        {
            Specified(v, "exploitation_type", r.ExploitationType);
        }

        if (r.HasRiskLevel)
        {
            Specified(v, "risk_level", r.RiskLevel);
        }

        if (r.HasVictimStatus)
        {
            Specified(v, "victim_status", r.VictimStatus);
        }

        if (r.Consents is { } c)
        {
            if (!Enum.IsDefined(c.SafeChannel))
            {
                v.Add("consents.safe_channel", "must be VOICE, SMS, CHAT, MESSENGER, WALK_IN or unspecified");
            }

            v.Text("consents.safe_hours", c.SafeHours, MaxSafeHours, required: false);
            CheckSafeWindow(v, "consents.safe_window", c.SafeWindow);
            v.Text("consents.code_word", c.CodeWord, Cases.SafeContact.MaxCodeWord, required: false);
            if (c.CodeWord.Length > 0 && (c.ClearCodeWord || string.IsNullOrWhiteSpace(c.CodeWord)))
            {
                v.Add("consents.code_word", "must not be blank, nor given with clear_code_word");
            }

            if (c.CodeWordSet)
            {
                v.Add("consents.code_word_set", "is read-only; give code_word or clear_code_word");
            }
        }

        v.ThrowIfAny();
        return id;
    }

    /// <summary>A safe window: days named once each, opening and closing as HH:MM, not the same time. Never echoes the value.</summary>
    private static void CheckSafeWindow(Violations v, string field, Api.V1.SafeWindow? w)
    {
        if (w is null)
        {
            return;
        }

        if (w.Days.Any(d => d == Api.V1.Weekday.Unspecified || !Enum.IsDefined(d)) || w.Days.Distinct().Count() != w.Days.Count)
        {
            v.Add($"{field}.days", "must name each day MONDAY to SUNDAY at most once (empty: every day)");
        }

        foreach (var (suffix, rule) in Cases.SafeContact.Problems(Cases.SafeDays.None, Cases.SafeContact.ParseClock(w.Opens, endOfDay: false), Cases.SafeContact.ParseClock(w.Closes, endOfDay: true)))
        {
            v.Add($"{field}.{suffix}", rule);
        }
    }

    /// <summary>Validates a referral; returns the case and the organisation.</summary>
    public (Guid CaseId, Partners.Partner Partner) Refer(ReferRequest r)
    {
        var v = new Violations();
        var id = v.Uuid("case_id", r.CaseId);
        var serviceOk = Specified(v, "service", r.Service);
        Partners.Partner? partner = null;
        if (v.Text("organisation_id", r.OrganisationId, 64))
        {
            if (!partners.TryFind(r.OrganisationId, out partner))
            {
                v.Add("organisation_id", "is not in the partner directory");
            }
            else if (serviceOk && !partner.Services.Contains(r.Service.ToDomain()))
            {
                v.Add("organisation_id", $"'{partner.Id}' does not offer {r.Service}");
            }
        }

        v.Text("override_reason", r.OverrideReason, MaxReason, required: false);
        v.ThrowIfAny();
        return (id, partner!);
    }

    public (Guid CaseId, Guid ReferralId) UpdateReferral(UpdateReferralRequest r)
    {
        var v = new Violations();
        var id = v.Uuid("case_id", r.CaseId);
        var referral = v.Uuid("referral_id", r.ReferralId);
        if (r.Status is not (ReferralStatus.Accepted or ReferralStatus.Declined or ReferralStatus.Completed))
        {
            v.Add("status", "must be ACCEPTED, DECLINED or COMPLETED");
        }

        v.ThrowIfAny();
        return (id, referral);
    }

    /// <summary>Validates a transfer; returns the case and the target region code, if one was named.</summary>
    public (Guid CaseId, string? Region) Transfer(TransferRequest r)
    {
        var v = new Violations();
        var id = v.Uuid("case_id", r.CaseId);
        if (r.ToResponderId.Length == 0 && r.ToRegion.Length == 0)
        {
            v.Add("to_responder_id", "a responder or a region (to_region) is required");
        }

        if (r.ToResponderId.Length > 0)
        {
            v.ResponderId("to_responder_id", r.ToResponderId);
        }

        string? region = null;
        if (r.ToRegion.Length > 0)
        {
            region = RegionCode(v, "to_region", r.ToRegion);
        }

        v.Text("reason", r.Reason, MaxReason, required: false);
        v.ThrowIfAny();
        return (id, region);
    }

    public (Guid CaseId, Guid? ReferralId) ScheduleFollowUp(ScheduleFollowUpRequest r)
    {
        var v = new Violations();
        var id = v.Uuid("case_id", r.CaseId);
        Specified(v, "kind", r.Kind);
        if (r.DueAt is null)
        {
            v.Add("due_at", "is required");
        }
        else if (r.DueAt.Nanos is < 0 or > 999_999_999 || r.DueAt.Seconds < MinTimestampSeconds || r.DueAt.Seconds > MaxTimestampSeconds)
        {
            v.Add("due_at", "must be a valid timestamp (years 1 to 9999, nanos 0 to 999,999,999)");
        }

        var referral = OptionalUuid(v, "referral_id", r.ReferralId);
        if (r.Kind == FollowUpKind.CheckReferral && r.ReferralId.Length == 0)
        {
            v.Add("referral_id", "is required for a referral check");
        }

        v.Text("note", r.Note, MaxReason, required: false);
        v.ThrowIfAny();
        return (id, referral);
    }

    /// <summary>Validates a listing request; returns its filters (regions, statuses, owner, page size, where to start).</summary>
    public ListFilter ListCases(ListCasesRequest r)
    {
        var v = new Violations();
        if (r.Regions.Count > topology.Regions.Count)
        {
            v.Add("regions", $"must have at most {topology.Regions.Count} entries");
        }
        else
        {
            v.Codes("regions", r.Regions, topology.RegionCodes, 0, topology.Regions.Count);
        }

        var statuses = new HashSet<Domain.CaseStatus>();
        foreach (var status in r.Statuses)
        {
            if (status == CaseStatus.Unspecified || !Enum.IsDefined(status))
            {
                v.Add("statuses", "each must be NEW, ASSIGNED, IN_PROGRESS, REFERRED or CLOSED");
            }
            else if (!statuses.Add(status.ToDomain()))
            {
                v.Add("statuses", $"{status} is listed twice");
            }
        }

        if (r.OwnerResponderId.Length > 0)
        {
            v.ResponderId("owner_responder_id", r.OwnerResponderId);
        }

        if (r.PageSize < 0 || r.PageSize > MaxPageSize)
        {
            v.Add("page_size", $"must be 0 to {MaxPageSize}");
        }

        var after = r.PageToken.Length > 0 ? ReadToken(v, r.PageToken) : null;
        v.ThrowIfAny();
        return new ListFilter([.. r.Regions], statuses, r.OwnerResponderId.Length > 0 ? r.OwnerResponderId : null,
            r.PageSize == 0 ? DefaultPageSize : r.PageSize, after);
    }

    public void ListPartners(ListPartnersRequest r)
    {
        var v = new Violations();
        if (r.Region.Length > 0 && !topology.RegionCodes.Contains(r.Region))
        {
            v.Add("region", $"is not one of: {string.Join(", ", topology.RegionCodes.Order(StringComparer.Ordinal))}");
        }

        if (!Enum.IsDefined(r.Service))
        {
            v.Add("service", "must be a known service or unspecified");
        }

        v.ThrowIfAny();
    }

    /// <summary>The opaque token for the page after <paramref name="cursor"/>.</summary>
    public static string Token(CaseCursor cursor) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TokenPrefix}{cursor.LastActivityMs}:{cursor.CaseId:N}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static CaseCursor? ReadToken(Violations v, string token)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var parts = text.StartsWith(TokenPrefix, StringComparison.Ordinal) ? text[TokenPrefix.Length..].Split(':') : [];
            if (token.Length <= 100 && parts.Length == 2 && long.TryParse(parts[0], out var ms) && Guid.TryParseExact(parts[1], "N", out var id))
            {
                return new CaseCursor(ms, id);
            }
        }
        catch (FormatException)
        {
        }

        v.Add("page_token", "is not a token this listing gave; start again without one");
        return null;
    }

    private string? RegionCode(Violations v, string field, string value)
    {
        if (!v.Text(field, value, 64))
        {
            return null;
        }

        if (!topology.TryResolve(value, out var region))
        {
            v.Add(field, "is not a known region or district code");
            return null;
        }

        return region.Code;
    }

    private static Guid? OptionalUuid(Violations v, string field, string value) => value.Length == 0 ? null : v.Uuid(field, value);

    private static bool Specified<T>(Violations v, string field, T value)
        where T : struct, Enum
    {
        if (Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0 || !Enum.IsDefined(value))
        {
            var names = Enum.GetNames<T>().Skip(1).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n).ToUpperInvariant());
            v.Add(field, $"must be one of {string.Join(", ", names)}");
            return false;
        }

        return true;
    }
}

/// <summary>A validated listing request.</summary>
public sealed record ListFilter(
    IReadOnlyList<string> Regions,
    IReadOnlyCollection<Domain.CaseStatus> Statuses,
    string? Owner,
    int PageSize,
    CaseCursor? After);
