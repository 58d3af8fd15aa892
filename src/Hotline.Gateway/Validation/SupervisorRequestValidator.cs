using Hotline.Api.V1;
using Hotline.Topology;

namespace Hotline.Gateway.Validation;

/// <summary>The rules of the supervisors' requests; every broken rule is named, and nothing changes.</summary>
public sealed class SupervisorRequestValidator(RegionTopology topology)
{
    /// <summary>A region filter: known codes, each once; empty means every region (in topology order).</summary>
    public IReadOnlyList<string> Regions(IReadOnlyCollection<string> regions)
    {
        var v = new Violations();
        if (regions.Count > topology.Regions.Count)
        {
            v.Add("regions", $"must have at most {topology.Regions.Count} entries");
        }
        else
        {
            v.Codes("regions", regions, topology.RegionCodes, 0, topology.Regions.Count);
        }

        v.ThrowIfAny();
        var asked = regions.ToHashSet(StringComparer.Ordinal);
        return [.. topology.Regions.Select(r => r.Code).Where(c => asked.Count == 0 || asked.Contains(c))];
    }

    public (Guid ContactId, string ResponderId) Reassign(ReassignContactRequest r)
    {
        var v = new Violations();
        var id = v.Uuid("contact_id", r.ContactId);
        v.ResponderId("responder_id", r.ResponderId);
        v.ThrowIfAny();
        return (id, r.ResponderId);
    }

    public Guid Move(MoveContactRequest r)
    {
        var v = new Violations();
        var id = v.Uuid("contact_id", r.ContactId);
        if (string.IsNullOrEmpty(r.Region))
        {
            v.Add("region", "is required");
        }
        else if (!topology.RegionCodes.Contains(r.Region))
        {
            v.Add("region", "is not a region of this hotline");
        }

        v.ThrowIfAny();
        return id;
    }

    /// <summary>A region code and either triage responders (1 to 50 ids) or another known region, not both.</summary>
    public void SetSurge(SetSurgeModeRequest r)
    {
        var v = new Violations();
        Region(v, "region", r.Region);
        if (r.ResponderIds.Count == 0 == string.IsNullOrEmpty(r.ToRegion))
        {
            v.Add("responder_ids", "name the triage responders or a to_region, not both");
        }
        else if (r.ResponderIds.Count > Routing.SurgeMode.MaxResponders)
        {
            v.Add("responder_ids", $"must have at most {Routing.SurgeMode.MaxResponders} entries");
        }
        else if (r.ToRegion.Length > 0)
        {
            Region(v, "to_region", r.ToRegion);
            if (r.ToRegion == r.Region)
            {
                v.Add("to_region", "must be another region than the one diverted");
            }
        }

        for (var i = 0; i < r.ResponderIds.Count; i++)
        {
            v.ResponderId($"responder_ids[{i}]", r.ResponderIds[i]);
        }

        v.ThrowIfAny();
    }

    public void ClearSurge(ClearSurgeModeRequest r)
    {
        var v = new Violations();
        Region(v, "region", r.Region);
        v.ThrowIfAny();
    }

    private void Region(Violations v, string field, string code)
    {
        if (string.IsNullOrEmpty(code))
        {
            v.Add(field, "is required");
        }
        else if (!topology.RegionCodes.Contains(code))
        {
            v.Add(field, "is not a region of this hotline");
        }
    }

    public void SetPresence(SetResponderPresenceRequest r)
    {
        var v = new Violations();
        v.ResponderId("responder_id", r.ResponderId);
        if (r.Presence is not (Presence.Available or Presence.Break or Presence.Away or Presence.Offline))
        {
            v.Add("presence", "must be AVAILABLE, BREAK, AWAY or OFFLINE");
        }

        v.PresenceReason("reason", r.Presence, r.Reason);

        v.ThrowIfAny();
    }
}
