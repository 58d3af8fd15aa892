using static Hotline.Gateway.Services.ProtoMapping;
using C = Hotline.Cases;
using P = Hotline.Api.V1;

namespace Hotline.Gateway.Services;

/// <summary>
/// The case file's enums, value by value (see <see cref="ProtoMapping"/>). A case's facts start
/// unknown, which the API shows as UNSPECIFIED; a request may not set them back to it.
/// </summary>
internal static class CaseEnumMapping
{
    public static C.ExploitationType ToDomain(this P.ExploitationType type) => type switch
    {
        P.ExploitationType.Sexual => C.ExploitationType.Sexual,
        P.ExploitationType.ForcedLabour => C.ExploitationType.ForcedLabour,
        P.ExploitationType.DomesticServitude => C.ExploitationType.DomesticServitude,
        P.ExploitationType.ForcedBegging => C.ExploitationType.ForcedBegging,
        P.ExploitationType.ForcedCriminality => C.ExploitationType.ForcedCriminality,
        P.ExploitationType.OrganRemoval => C.ExploitationType.OrganRemoval,
        P.ExploitationType.ChildTrafficking => C.ExploitationType.ChildTrafficking,
        P.ExploitationType.Other => C.ExploitationType.Other,
        _ => throw Unexpected(type),
    };

    public static P.ExploitationType ToProto(this C.ExploitationType type) => type switch
    {
        C.ExploitationType.Unknown => P.ExploitationType.Unspecified,
        C.ExploitationType.Sexual => P.ExploitationType.Sexual,
        C.ExploitationType.ForcedLabour => P.ExploitationType.ForcedLabour,
        C.ExploitationType.DomesticServitude => P.ExploitationType.DomesticServitude,
        C.ExploitationType.ForcedBegging => P.ExploitationType.ForcedBegging,
        C.ExploitationType.ForcedCriminality => P.ExploitationType.ForcedCriminality,
        C.ExploitationType.OrganRemoval => P.ExploitationType.OrganRemoval,
        C.ExploitationType.ChildTrafficking => P.ExploitationType.ChildTrafficking,
        C.ExploitationType.Other => P.ExploitationType.Other,
        _ => throw Unexpected(type),
    };

    public static C.RiskLevel ToDomain(this P.RiskLevel level) => level switch
    {
        P.RiskLevel.Low => C.RiskLevel.Low,
        P.RiskLevel.Medium => C.RiskLevel.Medium,
        P.RiskLevel.High => C.RiskLevel.High,
        P.RiskLevel.ImminentDanger => C.RiskLevel.ImminentDanger,
        _ => throw Unexpected(level),
    };

    public static P.RiskLevel ToProto(this C.RiskLevel level) => level switch
    {
        C.RiskLevel.Unknown => P.RiskLevel.Unspecified,
        C.RiskLevel.Low => P.RiskLevel.Low,
        C.RiskLevel.Medium => P.RiskLevel.Medium,
        C.RiskLevel.High => P.RiskLevel.High,
        C.RiskLevel.ImminentDanger => P.RiskLevel.ImminentDanger,
        _ => throw Unexpected(level),
    };

    public static C.VictimStatus ToDomain(this P.VictimStatus status) => status switch
    {
        P.VictimStatus.Potential => C.VictimStatus.Potential,
        P.VictimStatus.Identified => C.VictimStatus.Identified,
        _ => throw Unexpected(status),
    };

    public static P.VictimStatus ToProto(this C.VictimStatus status) => status switch
    {
        C.VictimStatus.Unknown => P.VictimStatus.Unspecified,
        C.VictimStatus.Potential => P.VictimStatus.Potential,
        C.VictimStatus.Identified => P.VictimStatus.Identified,
        _ => throw Unexpected(status),
    };

    public static C.ServiceType ToDomain(this P.ServiceType service) => service switch
    {
        P.ServiceType.Shelter => C.ServiceType.Shelter,
        P.ServiceType.LegalAid => C.ServiceType.LegalAid,
        P.ServiceType.Medical => C.ServiceType.Medical,
        P.ServiceType.Psychosocial => C.ServiceType.Psychosocial,
        P.ServiceType.LawEnforcement => C.ServiceType.LawEnforcement,
        P.ServiceType.ReturnAndReintegration => C.ServiceType.ReturnAndReintegration,
        P.ServiceType.Interpretation => C.ServiceType.Interpretation,
        _ => throw Unexpected(service),
    };

    public static P.ServiceType ToProto(this C.ServiceType service) => service switch
    {
        C.ServiceType.Shelter => P.ServiceType.Shelter,
        C.ServiceType.LegalAid => P.ServiceType.LegalAid,
        C.ServiceType.Medical => P.ServiceType.Medical,
        C.ServiceType.Psychosocial => P.ServiceType.Psychosocial,
        C.ServiceType.LawEnforcement => P.ServiceType.LawEnforcement,
        C.ServiceType.ReturnAndReintegration => P.ServiceType.ReturnAndReintegration,
        C.ServiceType.Interpretation => P.ServiceType.Interpretation,
        _ => throw Unexpected(service),
    };

    public static C.ReferralStatus ToDomain(this P.ReferralStatus status) => status switch
    {
        P.ReferralStatus.Requested => C.ReferralStatus.Requested,
        P.ReferralStatus.Accepted => C.ReferralStatus.Accepted,
        P.ReferralStatus.Declined => C.ReferralStatus.Declined,
        P.ReferralStatus.Completed => C.ReferralStatus.Completed,
        _ => throw Unexpected(status),
    };

    public static P.ReferralStatus ToProto(this C.ReferralStatus status) => status switch
    {
        C.ReferralStatus.Requested => P.ReferralStatus.Requested,
        C.ReferralStatus.Accepted => P.ReferralStatus.Accepted,
        C.ReferralStatus.Declined => P.ReferralStatus.Declined,
        C.ReferralStatus.Completed => P.ReferralStatus.Completed,
        _ => throw Unexpected(status),
    };

    public static C.FollowUpKind ToDomain(this P.FollowUpKind kind) => kind switch
    {
        P.FollowUpKind.CallBack => C.FollowUpKind.CallBack,
        P.FollowUpKind.CheckReferral => C.FollowUpKind.CheckReferral,
        _ => throw Unexpected(kind),
    };

    public static P.FollowUpKind ToProto(this C.FollowUpKind kind) => kind switch
    {
        C.FollowUpKind.CallBack => P.FollowUpKind.CallBack,
        C.FollowUpKind.CheckReferral => P.FollowUpKind.CheckReferral,
        _ => throw Unexpected(kind),
    };
}
