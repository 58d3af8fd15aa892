using Google.Protobuf.WellKnownTypes;
using D = Hotline.Domain;
using P = Hotline.Api.V1;

namespace Hotline.Gateway.Services;

/// <summary>Conversions shared by the services; proto types stop here and never reach grains.</summary>
internal static class ProtoMapping
{
    public static D.Channel ToDomain(this P.Channel channel) => (D.Channel)(int)channel;

    public static P.Channel ToProto(this D.Channel channel) => (P.Channel)(int)channel;

    public static D.Urgency ToDomain(this P.Urgency urgency) => (D.Urgency)(int)urgency;

    public static P.Urgency ToProto(this D.Urgency urgency) => (P.Urgency)(int)urgency;

    public static D.Presence ToDomain(this P.Presence presence) => presence switch
    {
        P.Presence.Available => D.Presence.Available,
        P.Presence.Break => D.Presence.Break,
        P.Presence.Away => D.Presence.Away,
        _ => D.Presence.Offline,
    };

    public static P.Presence ToProto(this D.Presence presence) => presence switch
    {
        D.Presence.Available => P.Presence.Available,
        D.Presence.Break => P.Presence.Break,
        D.Presence.Away => P.Presence.Away,
        _ => P.Presence.Offline,
    };

    public static P.ContactStatus ToProto(this D.ContactStatus status) => (P.ContactStatus)((int)status + 1);

    public static P.CaseStatus ToProto(this D.CaseStatus status) => (P.CaseStatus)((int)status + 1);

    public static Timestamp ToProto(this DateTimeOffset at) => Timestamp.FromDateTimeOffset(at);

    public static Timestamp? ToProto(this DateTimeOffset? at) => at is { } value ? Timestamp.FromDateTimeOffset(value) : null;
}
