using System.Globalization;
using Hotline.Domain;

namespace Hotline.Cases;

/// <summary>The days of the week a safe window is open on.</summary>
[Flags]
public enum SafeDays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    EveryDay = 127,
}

/// <summary>
/// When it is safe to reach the person: on <see cref="Days"/>, from <see cref="FromMinute"/> to
/// <see cref="ToMinute"/> (minutes after midnight) on the hotline's clock. A window that closes
/// earlier than it opens runs over midnight: from its opening on a day named to its closing the
/// morning after.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.SafeWindow")]
public sealed record SafeWindow([Id(0)] SafeDays Days, [Id(1)] int FromMinute, [Id(2)] int ToMinute)
{
    public const int MinutesPerDay = 24 * 60;

    // When a person is safe to reach is about them: message bodies reach verbose runtime logs through ToString.
    private bool PrintMembers(System.Text.StringBuilder builder) => false;

    /// <summary>Whether the window is open at <paramref name="at"/>, read in <paramref name="zone"/>.</summary>
    public bool IsOpen(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var minute = (local.Hour * 60) + local.Minute;
        if (FromMinute < ToMinute)
        {
            return On(local.DayOfWeek) && minute >= FromMinute && minute < ToMinute;
        }

        return (On(local.DayOfWeek) && minute >= FromMinute) || (On(local.AddDays(-1).DayOfWeek) && minute < ToMinute);
    }

    /// <summary>The window as people read it: "mon,tue 10:00-17:00".</summary>
    public string Describe() =>
        $"{(Days == SafeDays.EveryDay ? "every day" : string.Join(',', SafeContact.DayNames.Where(d => Days.HasFlag(d.Day)).Select(d => d.Name)))} {Clock(FromMinute)}-{Clock(ToMinute)}";

    public static string Clock(int minute) => string.Create(CultureInfo.InvariantCulture, $"{minute / 60:00}:{minute % 60:00}");

    public bool On(DayOfWeek day) => Days.HasFlag(SafeContact.Of(day));
}

/// <summary>
/// The rules of reaching a person back safely, as the responder offered the work sees them:
/// the window, the channel, whether a message may be left, and the code word (personal).
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.SafeContactRules")]
public sealed record SafeContactRules(
    [Id(0)] SafeWindow? Window,
    [Id(1)] Channel? Channel,
    [Id(2)] bool NoMessage,
    [Id(3)] string CodeWord)
{
    // Message bodies reach verbose runtime logs through ToString: never the code word.
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>
/// The safe-contact rules of a case: what they allow, how they are checked, and how they gate
/// the call-back and follow-up work routed for the case.
/// </summary>
public static class SafeContact
{
    /// <summary>The longest code word.</summary>
    public const int MaxCodeWord = 64;

    /// <summary>The day names the API and the command line use, Monday first.</summary>
    public static readonly IReadOnlyList<(string Name, SafeDays Day)> DayNames =
    [
        ("mon", SafeDays.Monday), ("tue", SafeDays.Tuesday), ("wed", SafeDays.Wednesday), ("thu", SafeDays.Thursday),
        ("fri", SafeDays.Friday), ("sat", SafeDays.Saturday), ("sun", SafeDays.Sunday),
    ];

    public static SafeDays Of(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => SafeDays.Monday,
        DayOfWeek.Tuesday => SafeDays.Tuesday,
        DayOfWeek.Wednesday => SafeDays.Wednesday,
        DayOfWeek.Thursday => SafeDays.Thursday,
        DayOfWeek.Friday => SafeDays.Friday,
        DayOfWeek.Saturday => SafeDays.Saturday,
        DayOfWeek.Sunday => SafeDays.Sunday,
        _ => SafeDays.None,
    };

    /// <summary>Reads "HH:MM" (24-hour; "24:00" as the end of the day); null when it is not well-formed.</summary>
    public static int? ParseClock(string text, bool endOfDay)
    {
        if (text.Length != 5 || text[2] != ':' || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes > 59)
        {
            return null;
        }

        var minute = (hours * 60) + minutes;
        return hours < 24 || (endOfDay && minute == SafeWindow.MinutesPerDay) ? minute : null;
    }

    /// <summary>What is wrong with a window, as (field suffix, rule); empty when it is well-formed. Never names the value.</summary>
    public static IEnumerable<(string Field, string Rule)> Problems(SafeDays days, int? from, int? to)
    {
        if (from is null)
        {
            yield return ("opens", "must be a time of day as HH:MM (00:00 to 23:59)");
        }

        if (to is null)
        {
            yield return ("closes", "must be a time of day as HH:MM (00:00 to 24:00)");
        }

        if (from is { } f && to is { } t && f == t % SafeWindow.MinutesPerDay)
        {
            yield return ("closes", "must differ from opens (a window closing before it opens runs past midnight)");
        }

        if ((days & ~SafeDays.EveryDay) != SafeDays.None)
        {
            yield return ("days", "must name days of the week");
        }
    }

    /// <summary>The rules of a case's consents as the responder offered its work is shown them.</summary>
    public static SafeContactRules RulesOf(Consents consents) =>
        new(consents.Window, consents.SafeChannelNamed, consents.NoMessage, consents.CodeWordGiven);

    /// <summary>Whether the consents hold any rule a responder must be shown.</summary>
    public static bool HasRules(Consents consents) =>
        consents.Window is not null || consents.SafeChannelNamed is not null || consents.NoMessage || consents.CodeWordGiven.Length > 0;

    /// <summary>
    /// How a case's routed work is gated now: its safe window, the channel to reach the person
    /// on (the safe one, else <paramref name="fallback"/>), and held while the caller is not safe.
    /// </summary>
    public static (SafeWindow? Window, Channel Channel, bool Held) GateOf(CaseState s, Channel fallback) =>
        (s.Facts.Consents.Window, s.Facts.Consents.SafeChannelNamed ?? fallback, s.NotSafeSince is not null);

    /// <summary>
    /// Whether the case's gate applies to a routed item: a follow-up, or a contact whose caller
    /// asked to be called back (or came in out of hours) — the person is reached back either way.
    /// </summary>
    public static bool IsGated(Contacts.ContactState s) => s.Kind == WorkKind.FollowUp || s.QueuedCallBack is not null;

    /// <summary>Whether a case's new gate changes a follow-up or call-back of it still waiting.</summary>
    public static bool Changes(Contacts.ContactState s, SafeWindow? window, Channel channel, bool held) =>
        IsGated(s) && s.Status == ContactStatus.Queued && (s.SafeWindow != window || s.Channel != channel || s.Held != held);

    /// <summary>Applies a case's new gate to a follow-up of it still waiting (see <see cref="Changes"/>).</summary>
    public static void Apply(Contacts.ContactState s, SafeWindow? window, Channel channel, bool held, Access.Caller by, DateTimeOffset now)
    {
        (s.SafeWindow, s.Channel, s.Held) = (window, channel, held);
        s.Change = Contacts.ContactLifecycle.Change(Audit.AuditActions.SafeRulesApplied, by, by.Roles & (Access.Roles.Supervisor | Access.Roles.Responder), now);
    }

    /// <summary>
    /// Whether waiting work of a case may be offered now: never while it is held (the caller was
    /// not safe and nobody has cleared it), else when it has no window or its window is open.
    /// </summary>
    public static bool MayOffer(SafeWindow? window, bool held, DateTimeOffset now, TimeZoneInfo zone) =>
        !held && (window is null || window.IsOpen(now, zone));
}
