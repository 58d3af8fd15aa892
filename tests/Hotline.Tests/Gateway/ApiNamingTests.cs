using System.Reflection;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Gateway.Services;
using Hotline.Gateway.Validation;
using Hotline.Partners;
using Hotline.Topology;

namespace Hotline.Tests.Gateway;

/// <summary>The names the API spells from C# names: history kinds and the values validation messages list.</summary>
public sealed class ApiNamingTests
{
    private static readonly string TopologyFolder = Path.Combine(AppContext.BaseDirectory, "topology");

    [Fact]
    public void EveryHistoryKindIsNamedAsTheApiDocumentsIt()
    {
        // The list case.proto gives for CaseEvent.kind, in the order of the domain's enum.
        string[] documented =
        [
            "opened", "contact_linked", "assigned", "contact_completed", "contact_ended", "contact_abandoned",
            "personal_data_erased", "status_changed", "note_added", "facts_updated", "consent_changed",
            "referral_requested", "referral_updated", "consent_overridden", "transfer_requested", "transfer_accepted",
            "transfer_declined", "transfer_cancelled", "follow_up_scheduled", "follow_up_routed", "follow_up_cancelled",
            "follow_up_completed", "caller_not_safe", "not_safe_cleared", "call_back_unreached",
        ];

        var shown = Enum.GetValues<Hotline.Cases.CaseEventKind>()
            .Select(kind => CaseMapping.ToProto(new Hotline.Cases.CaseEvent(DateTimeOffset.UnixEpoch, kind, null, null)).Kind);

        Assert.Equal(documented, shown);
    }

    [Fact]
    public void RefusedEnumValuesAreAnsweredWithTheValuesAsTheProtoSpellsThem()
    {
        var topology = RegionTopology.Load(Path.Combine(TopologyFolder, "azerbaijan.regions.json"));
        var validate = new CaseRequestValidator(topology, PartnerDirectory.Load(Path.Combine(TopologyFolder, "azerbaijan.partners.json"), topology));
        var caseId = Guid.NewGuid().ToString();

        var facts = Refusals(() => validate.UpdateFacts(new UpdateCaseFactsRequest
        {
            CaseId = caseId,
            ExploitationType = ExploitationType.Unspecified,
            RiskLevel = RiskLevel.Unspecified,
            VictimStatus = VictimStatus.Unspecified,
        }));
        var referral = Refusals(() => validate.Refer(new ReferRequest { CaseId = caseId, OrganisationId = "none" }));
        var followUp = Refusals(() => validate.ScheduleFollowUp(new ScheduleFollowUpRequest { CaseId = caseId, DueAt = new() }));

        Assert.Equal(OneOf<ExploitationType>(), facts["exploitation_type"]);
        Assert.Equal(OneOf<RiskLevel>(), facts["risk_level"]);
        Assert.Equal(OneOf<VictimStatus>(), facts["victim_status"]);
        Assert.Equal(OneOf<ServiceType>(), referral["service"]);
        Assert.Equal(OneOf<FollowUpKind>(), followUp["kind"]);
    }

    /// <summary>The first refusal of each field.</summary>
    private static Dictionary<string, string> Refusals(Action validate)
    {
        var error = Assert.Throws<RpcException>(validate);
        return error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations
            .GroupBy(v => v.Field)
            .ToDictionary(g => g.Key, g => g.First().Description);
    }

    /// <summary>"must be one of" and the names of the proto's values after UNSPECIFIED, without their common prefix.</summary>
    private static string OneOf<T>()
        where T : struct, Enum
    {
        var names = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<OriginalNameAttribute>()!.Name)
            .ToList();
        var prefix = names[0][..^"UNSPECIFIED".Length];
        return $"must be one of {string.Join(", ", names.Skip(1).Select(n => n[prefix.Length..]))}";
    }
}
