namespace Hotline.Supervision;

/// <summary>Live supervision settings (section <c>Hotline:Supervision</c>).</summary>
public sealed class SupervisionOptions
{
    public const string Section = "Hotline:Supervision";

    /// <summary>A contact answered within this long after it entered counts toward the service level (1 second to 1 hour).</summary>
    public TimeSpan ServiceLevelThreshold { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Shortest gap between two pushed updates of one region (50 ms to 10 s): changes in between are sent together.</summary>
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>An imminent-danger contact not connected this long after it entered raises a second alert (5 seconds to 1 hour).</summary>
    public TimeSpan CrisisRealertAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a responder whose last stream dropped still counts as connected (0 to 10 minutes):
    /// time to reconnect and resume. After it their open offer goes to someone else.
    /// </summary>
    public TimeSpan DisconnectGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Events kept for one live stream's reader that has not read them (16 to 100,000): a reader
    /// further behind loses them and is sent where things stand now (a State event, the figures
    /// and roster) instead, so a stream that is not read holds this many at most.
    /// </summary>
    public int StreamBacklog { get; set; } = 256;

    /// <summary>The time zone whose midnight starts a new day for the day's counters (an IANA id such as Asia/Baku).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How often a dispatcher saves its day's counters when they changed (5 seconds to 10 minutes).</summary>
    public TimeSpan CounterSaveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The configured zone; throws naming the setting when it is unknown.</summary>
    public TimeZoneInfo Zone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException($"{Section}:TimeZone '{TimeZone}' is not a time zone known to this machine", e);
        }
    }

    /// <summary>The local day <paramref name="at"/> falls on.</summary>
    public static DateOnly DayOf(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
}
