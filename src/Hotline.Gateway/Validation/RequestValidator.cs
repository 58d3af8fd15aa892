using Hotline.Api.V1;
using Hotline.Topology;

namespace Hotline.Gateway.Validation;

/// <summary>The rules every request must meet before any grain is touched.</summary>
public sealed class RequestValidator(RegionTopology topology)
{
    public const int MaxSummaryLength = 2000;
    public const int MaxCallerReference = 100;
    public const int MaxCallerName = 200;
    public const int MaxCallback = 500;
    public const int MaxRequiredSkills = 10;
    public const int MaxResponderSkills = 20;
    public const int MaxLanguages = 10;
    public const int MaxDisplayName = 100;
    public const int MaxChannelCapacity = 20;

    public RegionTopology Topology => topology;

    /// <summary>Validates an intake; returns the region the location belongs to.</summary>
    public Region OpenContact(OpenContactRequest r)
    {
        var v = new Violations();
        v.RequestId("request_id", r.RequestId);
        Channel(v, "channel", r.Channel);
        Language(v, "language", r.Language);
        var region = Location(v, "location", r.Location);
        v.Codes("required_skills", r.RequiredSkills, topology.SkillCodes, 0, MaxRequiredSkills);
        if (r.Urgency == Urgency.Unspecified || !Enum.IsDefined(r.Urgency))
        {
            v.Add("urgency", "must be LOW, NORMAL, HIGH or IMMINENT_DANGER");
        }

        if (r.CaseId.Length > 0)
        {
            v.Uuid("case_id", r.CaseId);
        }

        v.Text("summary", r.Summary, MaxSummaryLength, required: false);
        v.Text("caller_reference", r.CallerReference, MaxCallerReference, required: false);
        v.Text("caller_name", r.CallerName, MaxCallerName, required: false);
        v.Text("callback", r.Callback, MaxCallback, required: false);
        v.ThrowIfAny();
        return region!;
    }

    public Guid ContactId(string contactId)
    {
        var v = new Violations();
        var id = v.Uuid("contact_id", contactId);
        v.ThrowIfAny();
        return id;
    }

    /// <summary>A person's number or handle for an erasure request: required, as long as intake takes.</summary>
    public void CallerReference(string callerReference)
    {
        var v = new Violations();
        v.Text("caller_reference", callerReference, MaxCallerReference);
        v.ThrowIfAny();
    }

    public Guid CaseId(string caseId)
    {
        var v = new Violations();
        var id = v.Uuid("case_id", caseId);
        v.ThrowIfAny();
        return id;
    }

    public void ResponderId(string responderId)
    {
        var v = new Violations();
        v.ResponderId("responder_id", responderId);
        v.ThrowIfAny();
    }

    public Guid OfferAction(OfferActionRequest r, bool completing)
    {
        var v = new Violations();
        v.ResponderId("responder_id", r.ResponderId);
        var id = v.Uuid("contact_id", r.ContactId);
        if (r.CallerNotSafe && !completing)
        {
            v.Add("caller_not_safe", "is for CompleteContact only");
        }

        v.ThrowIfAny();
        return id;
    }

    /// <summary>
    /// An offline contact: what an intake must meet (the same field names), a responder id, and
    /// both of its times (how far back is the silo's to check, on the hotline's clock).
    /// </summary>
    public Region RecordOfflineContact(RecordOfflineContactRequest r)
    {
        var v = new Violations();
        v.RequestId("request_id", r.RequestId);
        v.ResponderId("responder_id", r.ResponderId);
        Channel(v, "channel", r.Channel);
        Language(v, "language", r.Language);
        var region = Location(v, "location", r.Location);
        v.Codes("required_skills", r.RequiredSkills, topology.SkillCodes, 0, MaxRequiredSkills);
        if (!Enum.IsDefined(r.Urgency))
        {
            v.Add("urgency", "must be LOW, NORMAL, HIGH, IMMINENT_DANGER or unspecified (normal)");
        }

        if (r.CaseId.Length > 0)
        {
            v.Uuid("case_id", r.CaseId);
        }

        v.Text("summary", r.Summary, MaxSummaryLength, required: false);
        v.Text("caller_name", r.CallerName, MaxCallerName, required: false);
        if (r.StartedAt is null)
        {
            v.Add("started_at", "is required");
        }

        if (r.EndedAt is null)
        {
            v.Add("ended_at", "is required");
        }

        v.ThrowIfAny();
        return region!;
    }

    /// <summary>Validates a profile; returns the home region.</summary>
    public Region UpsertResponder(UpsertResponderRequest r)
    {
        var v = new Violations();
        v.ResponderId("responder_id", r.ResponderId);
        v.Text("display_name", r.DisplayName, MaxDisplayName, required: false);
        var region = Location(v, "home_region", r.HomeRegion);
        v.Codes("languages", r.Languages, topology.LanguageCodes, 1, MaxLanguages);
        v.Codes("skills", r.Skills, topology.SkillCodes, 0, MaxResponderSkills);
        var channels = Enum.GetValues<Api.V1.Channel>().Length - 1;
        if (r.Capacity.Count < 1 || r.Capacity.Count > channels)
        {
            v.Add("capacity", $"must have 1 to {channels} entries");
        }

        var seen = new HashSet<Api.V1.Channel>();
        for (var i = 0; i < r.Capacity.Count; i++)
        {
            var c = r.Capacity[i];
            if (Channel(v, $"capacity[{i}].channel", c.Channel) && !seen.Add(c.Channel))
            {
                v.Add($"capacity[{i}].channel", "each channel may be listed once");
            }

            if (c.Capacity < 1 || c.Capacity > MaxChannelCapacity)
            {
                v.Add($"capacity[{i}].capacity", $"must be 1 to {MaxChannelCapacity}");
            }
        }

        v.ThrowIfAny();
        return region!;
    }

    /// <summary>Validates a call-back attempt's outcome; returns the contact id and the outcome.</summary>
    public (Guid ContactId, Contacts.CallBackOutcome Outcome) CallBackOutcome(RecordCallBackOutcomeRequest r)
    {
        var v = new Violations();
        v.ResponderId("responder_id", r.ResponderId);
        var id = v.Uuid("contact_id", r.ContactId);
        if (r.Outcome is not (Api.V1.CallBackOutcome.Reached or Api.V1.CallBackOutcome.NotReached))
        {
            v.Add("outcome", "must be REACHED or NOT_REACHED");
        }

        v.ThrowIfAny();
        return (id, r.Outcome == Api.V1.CallBackOutcome.Reached ? Contacts.CallBackOutcome.Reached : Contacts.CallBackOutcome.NotReached);
    }

    public void SetPresence(SetPresenceRequest r)
    {
        var v = new Violations();
        v.ResponderId("responder_id", r.ResponderId);
        if (r.Presence is not (Presence.Available or Presence.Break or Presence.Offline))
        {
            v.Add("presence", "must be AVAILABLE, BREAK or OFFLINE");
        }

        v.PresenceReason("reason", r.Presence, r.Reason);
        v.ThrowIfAny();
    }

    public void EndWrapUp(EndWrapUpRequest r)
    {
        var v = new Violations();
        v.ResponderId("responder_id", r.ResponderId);
        if (r.Channel != Api.V1.Channel.Unspecified)
        {
            Channel(v, "channel", r.Channel);
        }

        v.ThrowIfAny();
    }

    public void WatchOffers(WatchOffersRequest r)
    {
        var v = new Violations();
        v.ResponderId("responder_id", r.ResponderId);
        if (r.AfterSequence < 0)
        {
            v.Add("after_sequence", "must be 0 or more");
        }

        v.ThrowIfAny();
    }

    private static bool Channel(Violations v, string field, Api.V1.Channel channel)
    {
        if (channel == Api.V1.Channel.Unspecified || !Enum.IsDefined(channel))
        {
            v.Add(field, "must be VOICE, SMS, CHAT, MESSENGER or WALK_IN");
            return false;
        }

        return true;
    }

    private void Language(Violations v, string field, string language)
    {
        if (v.Text(field, language, 16) && !topology.LanguageCodes.Contains(language))
        {
            v.Add(field, $"is not one of: {string.Join(", ", topology.Languages.Select(l => l.Code))}");
        }
    }

    private Region? Location(Violations v, string field, string location)
    {
        if (!v.Text(field, location, 64))
        {
            return null;
        }

        if (!topology.TryResolve(location, out var region))
        {
            v.Add(field, "is not a known region or district code");
            return null;
        }

        return region;
    }
}
