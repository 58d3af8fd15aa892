using System.Globalization;
using System.Text.RegularExpressions;
using Hotline.Api.V1;

namespace Hotline.Cli.Commands;

/// <summary>
/// A safe window as a person types it, in the form of the opening-hours settings: days, then
/// from-to on the hotline's clock: <c>Mon-Fri 10:00-17:00</c>, <c>Sat,Sun 10:00-14:00</c>,
/// <c>Fri 22:00-02:00</c> (past midnight), or the times alone for every day (<c>10:00-17:00</c>,
/// <c>Daily 10:00-17:00</c>). Errors name the option and the rule, never what was typed: when a
/// person is safe to reach is about them.
/// </summary>
internal static partial class SafeWindowInput
{
    public const string Form = "'Mon-Fri 10:00-17:00' (days optional: Mon to Sun, a range such as Mon-Fri, a list such as Sat,Sun, or Daily)";

    private static readonly (string Name, Weekday Day)[] Days =
    [
        ("Mon", Weekday.Monday), ("Tue", Weekday.Tuesday), ("Wed", Weekday.Wednesday), ("Thu", Weekday.Thursday),
        ("Fri", Weekday.Friday), ("Sat", Weekday.Saturday), ("Sun", Weekday.Sunday),
    ];

    /// <summary>The window <paramref name="typed"/> names; null for <c>none</c> (withdraw it).</summary>
    public static SafeWindow? Parse(string option, string typed)
    {
        var text = typed.Trim();
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var match = Window().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"{option} must read like {Form}, or be 'none' to withdraw it");
        }

        var opens = Clock(match.Groups["opens"].Value, endOfDay: false)
            ?? throw new FormatException($"{option}: the opening time must be HH:MM from 00:00 to 23:59");
        var closes = Clock(match.Groups["closes"].Value, endOfDay: true)
            ?? throw new FormatException($"{option}: the closing time must be HH:MM from 00:00 to 24:00");
        if (opens == closes % (24 * 60))
        {
            throw new FormatException($"{option}: the closing time must differ from the opening time (a window closing before it opens runs past midnight)");
        }

        var window = new SafeWindow { Opens = Show(opens), Closes = Show(closes) };
        if (match.Groups["days"].Success)
        {
            var days = DaysOf(option, match.Groups["days"].Value);
            // All seven is every day, which the API says with no days.
            if (days.Count < Days.Length)
            {
                window.Days.AddRange(days);
            }
        }

        return window;
    }

    /// <summary>The window as typed: <c>Mon-Fri 10:00-17:00</c>, <c>Daily 10:00-17:00</c>.</summary>
    public static string Describe(SafeWindow window)
    {
        var on = Days.Select(d => window.Days.Contains(d.Day)).ToArray();
        if (window.Days.Count == 0 || on.All(x => x))
        {
            return $"Daily {window.Opens}-{window.Closes}";
        }

        var runs = new List<string>();
        for (var i = 0; i < on.Length; i++)
        {
            if (!on[i])
            {
                continue;
            }

            var last = i;
            while (last + 1 < on.Length && on[last + 1])
            {
                last++;
            }

            runs.Add(last == i ? Days[i].Name : $"{Days[i].Name}-{Days[last].Name}");
            i = last;
        }

        return $"{string.Join(',', runs)} {window.Opens}-{window.Closes}";
    }

    /// <summary>The days named, Monday first, each once; a range may wrap past Sunday (Sat-Mon).</summary>
    private static SortedSet<Weekday> DaysOf(string option, string typed)
    {
        var days = new SortedSet<Weekday>();
        if (typed.Equals("daily", StringComparison.OrdinalIgnoreCase))
        {
            days.UnionWith(Days.Select(d => d.Day));
            return days;
        }

        foreach (var item in typed.Split(','))
        {
            var ends = item.Split('-');
            var first = Index(option, ends[0]);
            var last = ends.Length switch
            {
                1 => first,
                2 => Index(option, ends[1]),
                _ => throw BadDays(option),
            };
            for (var i = first; ; i = (i + 1) % Days.Length)
            {
                days.Add(Days[i].Day);
                if (i == last)
                {
                    break;
                }
            }
        }

        return days;
    }

    private static int Index(string option, string name)
    {
        var index = Array.FindIndex(Days, d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : throw BadDays(option);
    }

    private static FormatException BadDays(string option) =>
        new($"{option}: days are Mon, Tue, Wed, Thu, Fri, Sat, Sun, a range such as Mon-Fri, a list such as Sat,Sun, or Daily");

    /// <summary>Minutes after midnight of "H:MM" or "HH:MM"; 24:00 only as an end of day.</summary>
    private static int? Clock(string text, bool endOfDay)
    {
        var parts = text.Split(':');
        var hours = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var minutes = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var minute = (hours * 60) + minutes;
        return minutes > 59 ? null
            : hours < 24 ? minute
            : endOfDay && minute == 24 * 60 ? minute
            : null;
    }

    private static string Show(int minute) => string.Create(CultureInfo.InvariantCulture, $"{minute / 60:00}:{minute % 60:00}");

    // \z, not $: $ would also take a trailing newline.
    [GeneratedRegex(@"\A(?:(?<days>[A-Za-z]+(?:-[A-Za-z]+)?(?:,[A-Za-z]+(?:-[A-Za-z]+)?)*)\s+)?(?<opens>[0-9]{1,2}:[0-9]{2})-(?<closes>[0-9]{1,2}:[0-9]{2})\z")]
    private static partial Regex Window();
}
