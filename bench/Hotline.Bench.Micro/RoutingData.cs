using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Bench.Micro;

/// <summary>
/// Made-up responders and contacts for the benchmarks. Everything is derived from an index so
/// each run sees the same population; nothing here resembles a real person.
/// </summary>
public static class RoutingData
{
    public const string Region = "north";
    public const string Language = "en";

    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly RoutingOptions Options = new();

    private static readonly string[] NeededSkills = ["crisis", "youth"];
    private static readonly ContactNeeds Needs = new(Channel.Voice, Language, NeededSkills);

    /// <summary>Why an ineligible responder cannot take the benchmark contact.</summary>
    public enum Unfit
    {
        WrongLanguage,
        MissingSkill,
        OfferPending,
        AtCapacity,
        Away,
    }

    public static string ResponderId(int index) => $"responder-{index:D6}";

    /// <summary>Available, connected, speaks the language, has the skills and a free voice line.</summary>
    public static ResponderAvailability Eligible(int index) => new(
        ResponderId(index),
        Region,
        [Language, "fr"],
        ["crisis", "youth", "veterans"],
        [new ChannelLoad(Channel.Voice, 1, 0), new ChannelLoad(Channel.Chat, 2, 0)],
        Presence.Available,
        Connected: true,
        IdleSince: Now.AddSeconds(-(index % 900)),
        PendingOfferContactId: null,
        Version: 1);

    public static ResponderAvailability Ineligible(int index, Unfit reason)
    {
        var r = Eligible(index);
        return reason switch
        {
            Unfit.WrongLanguage => r with { Languages = ["fr", "de"] },
            Unfit.MissingSkill => r with { Skills = ["crisis", "veterans"] },
            Unfit.OfferPending => r with { PendingOfferContactId = ContactId(int.MaxValue - index) },
            Unfit.AtCapacity => r with { Channels = [new ChannelLoad(Channel.Voice, 1, 1), new ChannelLoad(Channel.Chat, 2, 1)] },
            _ => r with { Presence = Presence.Away },
        };
    }

    /// <summary>The reasons in turn, so every kind of ineligibility is in the mix.</summary>
    public static Unfit UnfitFor(int index) => (Unfit)(index % Enum.GetValues<Unfit>().Length);

    public static Guid ContactId(int index) => new(index, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);

    public static WaitingContact Contact(int index, Urgency urgency, DateTimeOffset enqueuedAt) =>
        new(ContactId(index), ContactId(index), Region, Needs, urgency, enqueuedAt, PreferredResponderId: null);

    /// <summary>
    /// A contact that has been waiting a while: urgencies in turn and ages spread over four
    /// minutes, so an escalation check finds some at each level.
    /// </summary>
    public static WaitingContact Waiting(int index) =>
        Contact(index, (Urgency)(1 + (index % 4)), Now.AddSeconds(-((index * 7919L) % 240)));
}
