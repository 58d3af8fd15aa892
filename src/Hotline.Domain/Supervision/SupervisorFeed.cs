using Hotline.Domain;
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
    private readonly List<(StreamBacklog<SupervisionEvent> Backlog, SupervisionTopics Topics)> _subscribers = [];
    private readonly Dictionary<string, long> _sentVersions = new(StringComparer.Ordinal);
    private readonly int _backlog;
    private QueueStats? _sentStats;

    /// <param name="backlog">Events kept for one watcher that has not read them; one further behind is sent the whole picture again.</param>
    public SupervisorFeed(int backlog) => _backlog = backlog;

    public bool HasSubscribers => _subscribers.Count > 0;

    /// <summary>
    /// The whole picture for <paramref name="topics"/>: figures, roster, then alerts standing now.
    /// A stream starts with it, and a watcher that fell behind is sent it again.
    /// </summary>
    public static List<SupervisionEvent> Picture(SupervisionTopics topics, QueueStats stats, IEnumerable<ResponderAvailability> roster, IEnumerable<CrisisAlert> standing)
    {
        var events = new List<SupervisionEvent>();
        if (topics.HasFlag(SupervisionTopics.Queues))
        {
            events.Add(new SupervisionEvent(SupervisionEventKind.Stats, Stats: stats, Full: true));
        }

        if (topics.HasFlag(SupervisionTopics.Roster))
        {
            events.Add(new SupervisionEvent(SupervisionEventKind.Roster, Roster: [.. roster], Full: true));
        }

        if (topics.HasFlag(SupervisionTopics.Queues))
        {
            events.AddRange(standing.Select(alert => new SupervisionEvent(SupervisionEventKind.Alert, Alert: alert with { Standing = true })));
        }

        return events;
    }

    /// <summary>
    /// Subscribes and queues the opening events (<see cref="Picture"/>). Read the backlog with a
    /// fresh picture of the same topics, for a watcher that fell behind.
    /// </summary>
    public StreamBacklog<SupervisionEvent> Subscribe(SupervisionTopics topics, QueueStats stats, IEnumerable<ResponderAvailability> roster, IEnumerable<CrisisAlert> standing)
    {
        var backlog = new StreamBacklog<SupervisionEvent>(_backlog);
        foreach (var e in Picture(topics, stats, roster, standing))
        {
            backlog.Write(e);
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

        _subscribers.Add((backlog, topics));
        return backlog;
    }

    public void Unsubscribe(StreamBacklog<SupervisionEvent> backlog)
    {
        _subscribers.RemoveAll(s => s.Backlog == backlog);
        backlog.Complete();
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
        foreach (var (backlog, topics) in _subscribers)
        {
            if (topics.HasFlag(topic))
            {
                backlog.Write(e);
            }
        }
    }
}
