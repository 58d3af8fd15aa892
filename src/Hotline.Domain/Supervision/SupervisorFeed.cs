using System.Threading.Channels;
using Hotline.Routing;

namespace Hotline.Supervision;

/// <summary>
/// The supervisor streams of one region's dispatcher. Alerts go out at once; figures and
/// roster changes are collected and sent by <see cref="Flush"/>, which the dispatcher calls
/// at most once per update interval, so a busy region costs its watchers a few messages a
/// second however many contacts move.
/// </summary>
public sealed class SupervisorFeed
{
    private readonly List<(Channel<SupervisionEvent> Channel, SupervisionTopics Topics)> _subscribers = [];
    private readonly Dictionary<string, long> _sentVersions = new(StringComparer.Ordinal);
    private QueueStats? _sentStats;

    public bool HasSubscribers => _subscribers.Count > 0;

    /// <summary>Subscribes and queues the opening events: figures, roster, then alerts standing now.</summary>
    public Channel<SupervisionEvent> Subscribe(SupervisionTopics topics, QueueStats stats, IEnumerable<ResponderAvailability> roster, IEnumerable<CrisisAlert> standing)
    {
        var channel = Channel.CreateUnbounded<SupervisionEvent>(new UnboundedChannelOptions { SingleReader = true });
        if (topics.HasFlag(SupervisionTopics.Queues))
        {
            channel.Writer.TryWrite(new SupervisionEvent(SupervisionEventKind.Stats, Stats: stats, Full: true));
        }

        if (topics.HasFlag(SupervisionTopics.Roster))
        {
            channel.Writer.TryWrite(new SupervisionEvent(SupervisionEventKind.Roster, Roster: [.. roster], Full: true));
        }

        if (topics.HasFlag(SupervisionTopics.Queues))
        {
            foreach (var alert in standing)
            {
                channel.Writer.TryWrite(new SupervisionEvent(SupervisionEventKind.Alert, Alert: alert with { Standing = true }));
            }
        }

        if (_subscribers.Count == 0)
        {
            // Nobody was watching: what was last sent no longer describes any stream.
            _sentStats = stats;
            _sentVersions.Clear();
            foreach (var r in roster)
            {
                _sentVersions[r.ResponderId] = r.Version;
            }
        }

        _subscribers.Add((channel, topics));
        return channel;
    }

    public void Unsubscribe(Channel<SupervisionEvent> channel)
    {
        _subscribers.RemoveAll(s => s.Channel == channel);
        channel.Writer.TryComplete();
    }

    /// <summary>Sends an alert to every queue watcher now.</summary>
    public void Alert(CrisisAlert alert) => Send(SupervisionTopics.Queues, new SupervisionEvent(SupervisionEventKind.Alert, Alert: alert));

    /// <summary>Sends the figures if they changed since last sent, and the responders whose availability changed.</summary>
    public void Flush(QueueStats stats, IReadOnlyDictionary<string, ResponderAvailability> responders)
    {
        if (_subscribers.Count == 0)
        {
            return;
        }

        if (_sentStats is null || !_sentStats.SameFigures(stats))
        {
            _sentStats = stats;
            Send(SupervisionTopics.Queues, new SupervisionEvent(SupervisionEventKind.Stats, Stats: stats));
        }

        List<ResponderAvailability>? changed = null;
        foreach (var r in responders.Values)
        {
            if (!_sentVersions.TryGetValue(r.ResponderId, out var version) || version != r.Version)
            {
                _sentVersions[r.ResponderId] = r.Version;
                (changed ??= []).Add(r);
            }
        }

        if (changed is not null)
        {
            Send(SupervisionTopics.Roster, new SupervisionEvent(SupervisionEventKind.Roster, Roster: [.. changed]));
        }
    }

    /// <summary>A responder left the region (moved home): watchers drop them from its roster.</summary>
    public void Left(ResponderAvailability responder)
    {
        if (_sentVersions.Remove(responder.ResponderId))
        {
            Send(SupervisionTopics.Roster, new SupervisionEvent(SupervisionEventKind.Roster, Roster: [responder]));
        }
    }

    private void Send(SupervisionTopics topic, SupervisionEvent e)
    {
        foreach (var (channel, topics) in _subscribers)
        {
            if (topics.HasFlag(topic))
            {
                channel.Writer.TryWrite(e);
            }
        }
    }
}
