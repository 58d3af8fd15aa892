using Hotline.Api.V1;

namespace Hotline.Tests.Infrastructure;

/// <summary>Well-formed requests to start from; tests change what they are about.</summary>
public static class Requests
{
    /// <summary>A contact (in Ismayilli) with <paramref name="marker"/> in every personal field and as the caller's number.</summary>
    public static OpenContactRequest ContactCarrying(string marker)
    {
        var request = Contact("AZ-ISM");
        request.Summary = $"Passport held by employer {marker}";
        request.CallerName = $"Leyla {marker}";
        request.Callback = $"After 18:00 only, {marker}";
        request.CallerReference = $"+994 50 {marker}";
        return request;
    }

    public static OpenContactRequest Contact(string location = "AZ-ISM", string language = "az", Urgency urgency = Urgency.Normal,
        Channel channel = Channel.Voice, string? requestId = null, params string[] skills)
    {
        var request = new OpenContactRequest
        {
            RequestId = requestId ?? Guid.NewGuid().ToString("N"),
            Channel = channel,
            Language = language,
            Location = location,
            Urgency = urgency,
            Summary = "Caller reports passport taken by employer",
        };
        request.RequiredSkills.AddRange(skills);
        return request;
    }

    public static UpsertResponderRequest Responder(string id, string region, string[]? languages = null, string[]? skills = null, int voice = 1, int chat = 0)
    {
        var request = new UpsertResponderRequest { ResponderId = id, DisplayName = id, HomeRegion = region };
        request.Languages.AddRange(languages ?? ["az"]);
        request.Skills.AddRange(skills ?? []);
        if (voice > 0)
        {
            request.Capacity.Add(new ChannelCapacity { Channel = Channel.Voice, Capacity = voice });
        }

        if (chat > 0)
        {
            request.Capacity.Add(new ChannelCapacity { Channel = Channel.Chat, Capacity = chat });
        }

        return request;
    }
}
