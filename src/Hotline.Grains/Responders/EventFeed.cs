using Hotline.Domain;

namespace Hotline.Responders;

/// <summary>
/// A responder's numbered events: a bounded replay buffer plus the live subscribers, each with
/// a bounded backlog (a reader that falls behind is sent a State event instead of what it missed).
/// Sequence numbers start from the activation time, so numbers from an earlier
/// activation are always lower and a resume across a restart falls back to a State event.
/// </summary>
public sealed class EventFeed(long firstSequence, int readerBacklog, int capacity = 256)
{
    private readonly LinkedList<ResponderEvent> _buffer = new();
    private readonly List<StreamBacklog<ResponderEvent>> _subscribers = [];
    private long _last = firstSequence;

    public long LastSequence => _last;

    public int SubscriberCount => _subscribers.Count;

    /// <summary>Numbers the event, buffers it and hands it to every subscriber.</summary>
    public ResponderEvent Publish(Func<long, ResponderEvent> create)
    {
        var e = create(++_last);
        _buffer.AddLast(e);
        if (_buffer.Count > capacity)
        {
            _buffer.RemoveFirst();
        }

        foreach (var s in _subscribers)
        {
            s.Write(e);
        }

        return e;
    }

    /// <summary>
    /// Subscribes. Returns the buffered events after <paramref name="afterSequence"/>, or
    /// null when they cannot all be replayed and the caller must send a State event instead.
    /// Read the live backlog with a State event made at <see cref="LastSequence"/> as its picture.
    /// </summary>
    public (StreamBacklog<ResponderEvent> Live, List<ResponderEvent>? Replay) Subscribe(long afterSequence)
    {
        var live = new StreamBacklog<ResponderEvent>(readerBacklog);
        _subscribers.Add(live);
        var oldest = _buffer.First?.Value.Sequence ?? _last + 1;
        if (afterSequence <= 0 || afterSequence > _last || afterSequence < oldest - 1)
        {
            return (live, null);
        }

        return (live, _buffer.Where(e => e.Sequence > afterSequence).ToList());
    }

    /// <summary>Ends every subscriber's stream with <paramref name="reason"/>; they read what was sent before it.</summary>
    public void EndAll(Exception reason)
    {
        foreach (var s in _subscribers)
        {
            s.Complete(reason);
        }
    }

    public void Unsubscribe(StreamBacklog<ResponderEvent> live)
    {
        _subscribers.Remove(live);
        live.Complete();
    }
}
