using System.Globalization;
using System.Text.RegularExpressions;

namespace Hotline.Cli.Commands;

/// <summary>
/// A moment as a person types it: <c>+2d</c>, <c>+3h</c>, <c>+90m</c> (<c>-2h</c> for one gone by);
/// <c>today 18:00</c>, <c>tomorrow 10:00</c>, <c>yesterday 18:00</c>; <c>2026-11-26 10:00</c>; or ISO 8601
/// with a zone (<c>2026-11-26T10:00:00Z</c>, <c>...+04:00</c>). A time without a zone is on the
/// hotline's clock, not UTC.
/// </summary>
internal static partial class TimeInput
{
    public const string Forms = "+2d, +3h, +90m, 'today 18:00', 'tomorrow 10:00', '2026-11-26 10:00' (the hotline's zone) or ISO 8601 with a zone";

    public const string PastForms = "-2h, -90m, -1d, 'today 09:00', 'yesterday 18:00', '2026-11-26 10:00' (the hotline's zone) or ISO 8601 with a zone";

    // A date alone is not taken: midnight is no time to call someone back.
    private static readonly string[] LocalFormats = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];

    /// <summary>The moment <paramref name="typed"/> names, which must be after <paramref name="now"/>.</summary>
    public static DateTimeOffset Parse(string option, string typed, TimeZoneInfo zone, DateTimeOffset now)
    {
        var at = Read(option, typed, zone, now);
        return at > now
            ? at
            : throw new FormatException($"{option} names a time that has passed on the hotline's clock ({TimeZoneInfo.ConvertTime(now, zone):HH:mm} {zone.Id}); give a later one, such as 'tomorrow 10:00'");
    }

    /// <summary>The moment <paramref name="typed"/> names, which must not be after <paramref name="now"/>.</summary>
    public static DateTimeOffset ParsePast(string option, string typed, TimeZoneInfo zone, DateTimeOffset now)
    {
        var at = Read(option, typed, zone, now, PastForms);
        return at <= now
            ? at
            : throw new FormatException($"{option} names a time still to come on the hotline's clock ({TimeZoneInfo.ConvertTime(now, zone):HH:mm} {zone.Id}); give an earlier one, such as '-2h' or 'today 09:00'");
    }

    private static DateTimeOffset Read(string option, string typed, TimeZoneInfo zone, DateTimeOffset now, string forms = Forms)
    {
        var text = typed.Trim();
        var relative = Relative().Match(text);
        if (relative.Success)
        {
            var n = int.Parse(relative.Groups["n"].Value, CultureInfo.InvariantCulture) * (relative.Groups["sign"].Value == "-" ? -1 : 1);
            return relative.Groups["unit"].Value switch
            {
                "d" => now.AddDays(n),
                "h" => now.AddHours(n),
                _ => now.AddMinutes(n),
            };
        }

        var day = DayAndTime().Match(text);
        if (day.Success && TimeOnly.TryParseExact(day.Groups["time"].Value, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            var named = day.Groups["day"].Value;
            var date = named.Equals("tomorrow", StringComparison.OrdinalIgnoreCase) ? today.AddDays(1)
                : named.Equals("yesterday", StringComparison.OrdinalIgnoreCase) ? today.AddDays(-1)
                : today;
            return OnTheHotlineClock(date.ToDateTime(time), zone);
        }

        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return OnTheHotlineClock(local, zone);
        }

        if (HasZone().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
        {
            return exact;
        }

        throw new FormatException($"{option} must be a time such as {forms}");
    }

    private static DateTimeOffset OnTheHotlineClock(DateTime wall, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified) || zone.IsAmbiguousTime(unspecified))
        {
            // A clock change skips or repeats that hour: say which with a zone offset instead.
            throw new FormatException($"{unspecified:yyyy-MM-dd HH:mm} does not name one moment in {zone.Id} (the clocks change then); give it with its offset, such as 2026-03-29T03:30:00+02:00");
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }

    // \z, not $: $ would also take a trailing newline.
    [GeneratedRegex(@"\A(?<sign>[+-])(?<n>[0-9]{1,4})(?<unit>[dhm])\z")]
    private static partial Regex Relative();

    [GeneratedRegex(@"\A(?<day>yesterday|today|tomorrow)\s+(?<time>[0-9]{1,2}:[0-9]{2})\z", RegexOptions.IgnoreCase)]
    private static partial Regex DayAndTime();

    [GeneratedRegex(@"(Z|[+-][0-9]{2}:?[0-9]{2})\z", RegexOptions.IgnoreCase)]
    private static partial Regex HasZone();
}
