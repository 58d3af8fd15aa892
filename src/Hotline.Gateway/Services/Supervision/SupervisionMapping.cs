using Google.Protobuf.WellKnownTypes;
using Hotline.Api.V1;
using Hotline.Queues;
using Hotline.Routing;
using Hotline.Supervision;
using D = Hotline.Domain;

namespace Hotline.Gateway.Services.Supervision;

/// <summary>Supervision records as the API shows them.</summary>
internal static class SupervisionMapping
{
    public static RegionQueueStats ToProto(QueueStats s, TimeSpan threshold)
    {
        var stats = new RegionQueueStats
        {
            Region = s.Region,
            Waiting = s.Waiting,
            WaitingImminentDanger = s.WaitingByUrgency[(int)D.Urgency.ImminentDanger],
            WaitingHigh = s.WaitingByUrgency[(int)D.Urgency.High],
            WaitingNormal = s.WaitingByUrgency[(int)D.Urgency.Normal],
            WaitingLow = s.WaitingByUrgency[(int)D.Urgency.Low],
            LongestWait = Duration.FromTimeSpan(s.LongestWait),
            Offered = s.Offered,
            Connected = s.Connected,
            Responders = new ResponderPresenceCounts
            {
                Available = s.Responders.Available,
                Busy = s.Responders.Busy,
                OnBreak = s.Responders.Break,
                Away = s.Responders.Away,
                Offline = s.Responders.Offline,
                Disconnected = s.Responders.Disconnected,
                WrapUp = s.Responders.WrapUp,
            },
            At = s.At.ToProto(),
            OldestWaitingSince = s.OldestWaitingSince.ToProto(),
            WaitingAged = s.Aged,
            WaitingRelaxed = s.Relaxed,
            CallBacksWaiting = s.CallBacksWaiting,
        };
        if (s.Hours is { } hours)
        {
            stats.Opening = new OpeningState { Closed = hours.Closed, NextOpening = hours.NextOpening.ToProto() };
            stats.Opening.ClosedChannels.AddRange(hours.ClosedChannels.Select(c => c.ToProto()));
        }

        if (s.Surge is { } surge)
        {
            stats.Surge = new Api.V1.SurgeMode { ToRegion = surge.Region ?? "", Since = surge.Since.ToProto() };
            stats.Surge.ResponderIds.AddRange(surge.ResponderIds);
        }

        if (s.Today is { } d)
        {
            stats.Today = new DayCounters
            {
                Day = d.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                Entered = d.Entered,
                Answered = d.Answered,
                AnsweredWithinThreshold = d.AnsweredWithinThreshold,
                Abandoned = d.Abandoned,
                EscalatedOut = d.EscalatedOut,
                EscalatedIn = d.EscalatedIn,
                MissedOffers = d.MissedOffers,
                Declined = d.Declined,
                AverageSpeedOfAnswer = Duration.FromTimeSpan(d.AverageSpeedOfAnswer),
                AbandonmentRate = d.AbandonmentRate,
                ServiceLevel = d.ServiceLevel,
                ServiceLevelThreshold = Duration.FromTimeSpan(threshold),
                TotalAnswerWait = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(d.TotalAnswerWaitMs)),
                WrapUps = d.WrapUps,
                TotalAfterContact = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(d.TotalAfterContactMs)),
                AverageAfterContact = Duration.FromTimeSpan(d.AverageAfterContact),
                CallBacksRequested = d.CallBacksRequested,
                CallBacksUnreached = d.CallBacksUnreached,
            };
        }

        return stats;
    }

    public static Api.V1.CrisisAlert ToProto(Hotline.Supervision.CrisisAlert a) => new()
    {
        Region = a.Region,
        Reason = a.Reason switch
        {
            Hotline.Supervision.AlertReason.Opened => Api.V1.AlertReason.Opened,
            Hotline.Supervision.AlertReason.RiskRaised => Api.V1.AlertReason.RiskRaised,
            Hotline.Supervision.AlertReason.NotConnectedInTime => Api.V1.AlertReason.NotConnectedInTime,
            Hotline.Supervision.AlertReason.Answered => Api.V1.AlertReason.Answered,
            Hotline.Supervision.AlertReason.QueueFull => Api.V1.AlertReason.QueueFull,
            Hotline.Supervision.AlertReason.CallerNotSafe => Api.V1.AlertReason.CallerNotSafe,
            _ => throw ProtoMapping.Unexpected(a.Reason),
        },
        CaseId = a.CaseId == Guid.Empty ? "" : a.CaseId.ToString(),
        ContactId = a.ContactId?.ToString() ?? "",
        Channel = a.Channel?.ToProto() ?? Channel.Unspecified,
        Since = a.Since.ToProto(),
        At = a.At.ToProto(),
        Standing = a.Standing,
        AnsweredBy = a.AnsweredBy ?? "",
    };

    private static Api.V1.RosterStatus ToProto(Hotline.Supervision.RosterStatus status) => status switch
    {
        Hotline.Supervision.RosterStatus.Available => Api.V1.RosterStatus.Available,
        Hotline.Supervision.RosterStatus.Busy => Api.V1.RosterStatus.Busy,
        Hotline.Supervision.RosterStatus.Break => Api.V1.RosterStatus.Break,
        Hotline.Supervision.RosterStatus.Away => Api.V1.RosterStatus.Away,
        Hotline.Supervision.RosterStatus.Disconnected => Api.V1.RosterStatus.Disconnected,
        Hotline.Supervision.RosterStatus.Offline => Api.V1.RosterStatus.Offline,
        Hotline.Supervision.RosterStatus.WrapUp => Api.V1.RosterStatus.WrapUp,
        _ => throw ProtoMapping.Unexpected(status),
    };

    public static RosterEntry ToProto(ResponderAvailability r)
    {
        var entry = new RosterEntry
        {
            ResponderId = r.ResponderId,
            DisplayName = r.DisplayName ?? "",
            HomeRegion = r.HomeRegion,
            Status = ToProto(r.StatusOf()),
            Presence = r.Presence.ToProto(),
            Connected = r.Connected,
            StatusSince = r.StatusSince == default ? null : r.StatusSince.ToProto(),
            MissedOffersToday = r.MissedToday,
            PresenceReason = r.PresenceReason.ToProto(),
        };
        entry.WrapUps.AddRange(r.Channels.Where(c => c.WrapUp is not null).Select(c => c.WrapUp!.ToProto()));
        entry.Load.AddRange(r.Channels.Select(c => new Api.V1.ChannelLoad { Channel = c.Channel.ToProto(), Load = c.Load, Capacity = c.Capacity }));
        return entry;
    }
}
