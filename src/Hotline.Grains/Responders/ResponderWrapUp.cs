using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Responders;

/// <summary>
/// A responder's wrap-ups, run in its grain's turns: one starts on a contact's channel when the
/// contact ends, for the configured time (<see cref="WrapUpTimes"/>); the responder may end it
/// early; a timer ends it at its limit. It never touches presence.
/// </summary>
internal sealed class ResponderWrapUp(
    IGrainBase grain,
    TimeProvider clock,
    ResponderDesk desk,
    ResponderConnection line,
    WrapUpTimes times,
    Func<Task> publishAvailability)
{
    // The hotline's clock may be a test's: look often, the limit itself is on that clock.
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(250);

    private IGrainTimer? _timer;

    /// <summary>A contact of <paramref name="channel"/> ended: wrap-up starts there (none when its time is zero). Routing hears of it with the end.</summary>
    public void Start(Channel channel)
    {
        var now = clock.GetUtcNow();
        if (desk.WrapUps.Start(channel, now, times.For(channel)).Started is not { } started)
        {
            return;
        }

        line.Publish(seq => new ResponderEvent(seq, ResponderEventKind.WrapUpStarted, now, WrapUp: started));
        _timer ??= grain.RegisterGrainTimer(EndDueAsync, new GrainTimerCreationOptions(CheckEvery, CheckEvery) { Interleave = false });
    }

    /// <summary>The responder ends wrap-up on <paramref name="channel"/> (every channel when null); nothing happens when none runs.</summary>
    public Task EndAsync(Channel? channel) => EndedAsync(desk.WrapUps.End(channel));

    private Task EndDueAsync(CancellationToken cancellationToken)
    {
        if (!desk.WrapUps.Any)
        {
            _timer?.Dispose();
            _timer = null;
            return Task.CompletedTask;
        }

        return EndedAsync(desk.WrapUps.EndDue(clock.GetUtcNow()));
    }

    private Task EndedAsync(List<WrapUp> ended)
    {
        if (ended.Count == 0)
        {
            return Task.CompletedTask;
        }

        var now = clock.GetUtcNow();
        foreach (var w in ended)
        {
            line.Publish(seq => new ResponderEvent(seq, ResponderEventKind.WrapUpEnded, now, WrapUp: w));
        }

        return publishAvailability();
    }
}
