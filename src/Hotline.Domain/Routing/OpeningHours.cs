using System.Globalization;
using Hotline.Domain;

namespace Hotline.Routing;

/// <summary>
/// When one region's lines are open: weekly hours per channel in the hotline's zone, and holiday
/// dates on which every channel is closed all day. A channel without hours of its own follows
/// the region's default hours, and without those it is open all the time; a region with no
/// hours at all is <see cref="Always"/> open. Spans may run past midnight ("Fri 22:00-02:00")
/// and across the end of the week ("Sun 20:00-08:00").
/// </summary>
public sealed class OpeningHours
{
    private const int MinutesPerDay = 24 * 60;
    private const int MinutesPerWeek = 7 * MinutesPerDay;

    // Looking further ahead than a year of holidays and a week of hours finds nothing new.
    private const int DaysToSearch = 400;

    private static readonly string[] DayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    private readonly Dictionary<Channel, Span[]> _byChannel;
    private readonly Span[]? _default;
    private readonly HashSet<DateOnly> _holidays;
    private readonly TimeZoneInfo _zone;

    private OpeningHours(Dictionary<Channel, Span[]> byChannel, Span[]? defaultHours, HashSet<DateOnly> holidays, TimeZoneInfo zone) =>
        (_byChannel, _default, _holidays, _zone) = (byChannel, defaultHours, holidays, zone);

    /// <summary>Open on every channel at every hour (a region without hours).</summary>
    public static readonly OpeningHours Always = new([], null, [], TimeZoneInfo.Utc);

    /// <summary>True when some channel keeps hours (or there are holidays): the region is not simply 24/7.</summary>
    public bool HasHours => _byChannel.Count > 0 || _default is not null || _holidays.Count > 0;

    /// <summary>
    /// The hours of <paramref name="config"/> in <paramref name="zone"/>. Throws <see cref="FormatException"/>
    /// naming the entry that does not read (the setting's path is the caller's to add).
    /// </summary>
    public static OpeningHours Parse(RegionHoursConfig config, TimeZoneInfo zone)
    {
        var byChannel = new Dictionary<Channel, Span[]>();
        Span[]? defaultHours = null;
        foreach (var (key, lines) in config.Hours)
        {
            var spans = lines.SelectMany(ParseLine).ToArray();
            if (string.Equals(key, RegionHoursConfig.DefaultKey, StringComparison.OrdinalIgnoreCase))
            {
                defaultHours = spans;
            }
            else if (Enum.TryParse<Channel>(key, ignoreCase: true, out var channel) && Enum.IsDefined(channel) && !int.TryParse(key, out _))
            {
                byChannel[channel] = spans;
            }
            else
            {
                throw new FormatException($"Hours:{key} is not a channel (Voice, Sms, Chat, Messenger, WalkIn) or {RegionHoursConfig.DefaultKey}");
            }
        }

        var holidays = new HashSet<DateOnly>();
        foreach (var day in config.Holidays)
        {
            if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new FormatException("Holidays: every entry must be a date as YYYY-MM-DD");
            }

            holidays.Add(date);
        }

        return new OpeningHours(byChannel, defaultHours, holidays, zone);
    }

    /// <summary>Whether <paramref name="channel"/> is open at <paramref name="at"/>.</summary>
    public bool IsOpen(Channel channel, DateTimeOffset at) =>
        !HasHours || IsOpenLocal(SpansOf(channel), TimeZoneInfo.ConvertTime(at, _zone).DateTime);

    /// <summary>
    /// When <paramref name="channel"/> is next open: <paramref name="at"/> itself when open now;
    /// null when it never opens (no hours in the week, or holidays without end in sight).
    /// </summary>
    public DateTimeOffset? NextOpening(Channel channel, DateTimeOffset at)
    {
        if (IsOpen(channel, at))
        {
            return at;
        }

        var spans = SpansOf(channel);
        if (spans is not { Length: > 0 })
        {
            return null;
        }

        // Closed now, so it opens either where a span starts or at a midnight (a holiday ends).
        var local = TimeZoneInfo.ConvertTime(at, _zone).DateTime;
        var day = local.Date;
        for (var i = 0; i <= DaysToSearch; i++, day = day.AddDays(1))
        {
            var weekday = MinuteOfWeek(day);
            var candidates = spans.Where(s => s.Start >= weekday && s.Start < weekday + MinutesPerDay).Select(s => s.Start - weekday).Prepend(0).Order();
            foreach (var minute in candidates)
            {
                var candidate = day.AddMinutes(minute);
                if (candidate > local && IsOpenLocal(spans, candidate))
                {
                    return new DateTimeOffset(candidate, _zone.GetUtcOffset(candidate));
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The region as its supervisors see it at <paramref name="at"/>: the channels with hours that
    /// are closed now, whether every channel is, and the earliest next opening among the closed ones.
    /// </summary>
    public HoursState StateAt(DateTimeOffset at)
    {
        if (!HasHours)
        {
            return HoursState.Open;
        }

        var closed = Enum.GetValues<Channel>().Where(c => !IsOpen(c, at)).ToArray();
        DateTimeOffset? next = null;
        foreach (var channel in closed)
        {
            if (NextOpening(channel, at) is { } opens && (next is null || opens < next))
            {
                next = opens;
            }
        }

        return new HoursState(closed.Length == Enum.GetValues<Channel>().Length, closed, next);
    }

    private Span[]? SpansOf(Channel channel) => _byChannel.GetValueOrDefault(channel) ?? _default;

    private bool IsOpenLocal(Span[]? spans, DateTime local)
    {
        if (_holidays.Contains(DateOnly.FromDateTime(local)))
        {
            return false;
        }

        if (spans is null)
        {
            return true;
        }

        var minute = MinuteOfWeek(local);
        foreach (var span in spans)
        {
            if (minute >= span.Start && minute < span.End)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Minutes since Monday 00:00 of the week <paramref name="local"/> falls in.</summary>
    private static int MinuteOfWeek(DateTime local) =>
        (((int)local.DayOfWeek + 6) % 7 * MinutesPerDay) + (local.Hour * 60) + local.Minute;

    /// <summary>"Mon-Fri 09:00-18:00", "Sat,Sun 10:00-14:00", "Daily 00:00-24:00", "Fri 22:00-02:00".</summary>
    private static IEnumerable<Span> ParseLine(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            throw new FormatException("Hours: every entry must read like \"Mon-Fri 09:00-18:00\" (days, a space, then from-to)");
        }

        var times = parts[1].Split('-');
        if (times.Length != 2 || ParseTime(times[0]) is not { } from || ParseTime(times[1]) is not { } to || from == MinutesPerDay || from == to)
        {
            throw new FormatException("Hours: the time of an entry must be HH:mm-HH:mm (00:00 to 24:00, from and to differ)");
        }

        foreach (var day in ParseDays(parts[0]))
        {
            var start = (day * MinutesPerDay) + from;
            // A span that ends at or before it starts runs past midnight into the next day.
            var end = (day * MinutesPerDay) + (to > from ? to : to + MinutesPerDay);
            if (end <= MinutesPerWeek)
            {
                yield return new Span(start, end);
            }
            else
            {
                // Past the end of Sunday: the rest is early Monday.
                yield return new Span(start, MinutesPerWeek);
                yield return new Span(0, end - MinutesPerWeek);
            }
        }
    }

    private static IEnumerable<int> ParseDays(string days)
    {
        if (string.Equals(days, "daily", StringComparison.OrdinalIgnoreCase))
        {
            return Enumerable.Range(0, 7);
        }

        return days.Split(',').SelectMany(part =>
        {
            var ends = part.Split('-');
            var first = DayIndex(ends[0]);
            if (ends.Length == 1)
            {
                return [first];
            }

            var last = ends.Length == 2 ? DayIndex(ends[1]) : throw new FormatException("Hours: a range of days reads like Mon-Fri");
            // Sat-Mon wraps around the end of the week.
            return Enumerable.Range(0, ((last - first + 7) % 7) + 1).Select(i => (first + i) % 7);
        });
    }

    private static int DayIndex(string name)
    {
        var index = Array.IndexOf(DayNames, name.Trim().ToLowerInvariant());
        return index >= 0 ? index : throw new FormatException("Hours: days are Mon, Tue, Wed, Thu, Fri, Sat, Sun or Daily");
    }

    private static int? ParseTime(string text)
    {
        var bits = text.Split(':');
        if (bits.Length != 2 || bits[0].Length != 2 || bits[1].Length != 2
            || !int.TryParse(bits[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(bits[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || minutes > 59 || hours > 24 || (hours == 24 && minutes != 0))
        {
            return null;
        }

        return (hours * 60) + minutes;
    }

    /// <summary>Open from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive), minutes from Monday 00:00.</summary>
    private readonly record struct Span(int Start, int End);
}

/// <summary>A region's opening state at one moment, as supervisors see it.</summary>
[GenerateSerializer, Immutable, Alias("hotline.HoursState")]
public sealed record HoursState(
    [Id(0)] bool Closed,
    [Id(1)] Channel[] ClosedChannels,
    [Id(2)] DateTimeOffset? NextOpening)
{
    /// <summary>Open on every channel (no hours, or inside them).</summary>
    public static readonly HoursState Open = new(false, [], null);

    public bool Same(HoursState other) =>
        Closed == other.Closed && NextOpening == other.NextOpening && ClosedChannels.AsSpan().SequenceEqual(other.ClosedChannels);
}
