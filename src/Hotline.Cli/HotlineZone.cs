using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Hotline.Cli;

/// <summary>
/// The hotline's time zone, in which the client reads and shows clock times: staff read and type
/// "13:05" as the time on the wall of the hotline, not in UTC.
/// </summary>
public static class HotlineZone
{
    public const string Variable = "HOTLINE_ZONE";

    /// <summary>Where the hotline runs when nothing says otherwise.</summary>
    public const string Default = "Asia/Baku";

    /// <summary>The zone <c>--zone</c> (<paramref name="option"/>) or else <c>$HOTLINE_ZONE</c> names (an IANA name), else <see cref="Default"/>.</summary>
    /// <exception cref="FormatException">It names no zone this machine knows; the message says which setting.</exception>
    public static TimeZoneInfo From(CliEnvironment environment, string? option = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var (source, named) = option is { Length: > 0 } given ? ("--zone", given) : (Variable, environment.Variable(Variable));
        var name = named is { Length: > 0 } set ? set.Trim() : Default;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (TimeZoneNotFoundException) when (name == Default)
        {
            // A machine without the time zone database (a slim container): Azerbaijan has kept UTC+4, without
            // daylight saving, since 2016.
            return TimeZoneInfo.CreateCustomTimeZone(Default, TimeSpan.FromHours(4), Default, Default);
        }
        catch (Exception error) when (error is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FormatException($"{source}: '{name}' is not a time zone this machine knows; use an IANA name such as {Default} or Europe/Istanbul.", error);
        }
    }

    /// <summary>The date and time in <paramref name="zone"/>, or "" when unset.</summary>
    public static string Show(Timestamp? at, TimeZoneInfo zone) =>
        at is null ? "" : In(at.ToDateTimeOffset(), zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The time of day in <paramref name="zone"/>.</summary>
    public static string Clock(DateTimeOffset at, TimeZoneInfo zone) =>
        In(at, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The time in <paramref name="zone"/>; the date too when it is not the day of <paramref name="today"/> there.</summary>
    public static string Show(Timestamp? at, TimeZoneInfo zone, DateTimeOffset today)
    {
        if (at is null)
        {
            return "";
        }

        var local = In(at.ToDateTimeOffset(), zone);
        return local.Date == In(today, zone).Date ? Clock(local, zone) : Show(at, zone);
    }

    public static DateTimeOffset In(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone);
}
