using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Responders;

/// <summary>
/// A responder's wrap-ups, one per channel at most: started when a contact of the channel ends,
/// ended early by the responder or at its limit. Wrap-up is about channels, never presence:
/// starting or ending one leaves what the responder set (available, on break) as it is.
/// </summary>
public sealed class ResponderWrapUps
{
    private readonly Dictionary<Channel, WrapUp> _open = [];

    public IReadOnlyCollection<WrapUp> Open => _open.Values;

    public bool Any => _open.Count > 0;

    /// <summary>The wrap-up running on <paramref name="channel"/>, if any.</summary>
    public WrapUp? On(Channel channel) => _open.GetValueOrDefault(channel);

    /// <summary>
    /// A contact of <paramref name="channel"/> ended: a wrap-up of <paramref name="length"/> starts
    /// (replacing one already running there); none when the length is zero. Returns the one
    /// started and the one it replaced.
    /// </summary>
    public (WrapUp? Started, WrapUp? Replaced) Start(Channel channel, DateTimeOffset now, TimeSpan length)
    {
        if (length <= TimeSpan.Zero)
        {
            return (null, null);
        }

        var replaced = _open.GetValueOrDefault(channel);
        var started = new WrapUp(channel, now, now + length);
        _open[channel] = started;
        return (started, replaced);
    }

    /// <summary>Ends the wrap-up on <paramref name="channel"/> (every channel when null) now; those ended.</summary>
    public List<WrapUp> End(Channel? channel)
    {
        var ended = _open.Values.Where(w => channel is null || w.Channel == channel).ToList();
        foreach (var w in ended)
        {
            _open.Remove(w.Channel);
        }

        return ended;
    }

    /// <summary>Ends those whose limit has come; those ended.</summary>
    public List<WrapUp> EndDue(DateTimeOffset now)
    {
        var due = _open.Values.Where(w => w.Until <= now).ToList();
        foreach (var w in due)
        {
            _open.Remove(w.Channel);
        }

        return due;
    }
}
