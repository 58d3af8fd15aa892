using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Hotline.Cli;

/// <summary>
/// The hotline's time zone, in which the client reads and shows times: <c>--zone</c>, else
/// <c>HOTLINE_ZONE</c>, else Asia/Baku (the shipped hotline's <c>Hotline:Supervision:TimeZone</c>).
/// </summary>
public static class HotlineZone
{
    public const string Variable = "HOTLINE_ZONE";
    public const string Default = "Asia/Baku";

    public static TimeZoneInfo From(CliEnvironment environment, string? option = null)
    {
        var id = option ?? environment.Variable(Variable) ?? Default;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FormatException($"--zone (or ${Variable}) must be a time zone such as {Default}; this machine knows no zone of that name", e);
        }
    }

    /// <summary>A time as it reads on the hotline's clocks, with the zone's offset.</summary>
    public static string Show(Timestamp? at, TimeZoneInfo zone) =>
        at is null ? "" : TimeZoneInfo.ConvertTime(at.ToDateTimeOffset(), zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
}
