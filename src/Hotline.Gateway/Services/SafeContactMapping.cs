using Hotline.Cases;
using Hotline.Gateway.Validation;
using P = Hotline.Api.V1;

namespace Hotline.Gateway.Services;

/// <summary>Safe windows and safe-contact rules between the API and the domain.</summary>
internal static class SafeContactMapping
{
    /// <summary>The window asked for; call only on a validated request (see <see cref="CaseRequestValidator"/>).</summary>
    public static SafeWindow? ToDomain(P.SafeWindow? w) => w is null ? null : new SafeWindow(
        w.Days.Count == 0 ? SafeDays.EveryDay : w.Days.Aggregate(SafeDays.None, (days, d) => days | ToDomain(d)),
        SafeContact.ParseClock(w.Opens, endOfDay: false)!.Value,
        SafeContact.ParseClock(w.Closes, endOfDay: true)!.Value);

    public static P.SafeWindow? ToProto(SafeWindow? w)
    {
        if (w is null)
        {
            return null;
        }

        var window = new P.SafeWindow { Opens = SafeWindow.Clock(w.FromMinute), Closes = SafeWindow.Clock(w.ToMinute) };
        if (w.Days != SafeDays.EveryDay)
        {
            window.Days.AddRange(SafeContact.DayNames.Where(d => w.Days.HasFlag(d.Day)).Select(d => ToProto(d.Day)));
        }

        return window;
    }

    public static P.SafeContactRules? ToProto(SafeContactRules? r) => r is null ? null : new P.SafeContactRules
    {
        Window = ToProto(r.Window),
        Channel = r.Channel?.ToProto() ?? P.Channel.Unspecified,
        NoMessage = r.NoMessage,
        CodeWord = r.CodeWord,
    };

    public static SafeDays ToDomain(P.Weekday day) => day switch
    {
        P.Weekday.Monday => SafeDays.Monday,
        P.Weekday.Tuesday => SafeDays.Tuesday,
        P.Weekday.Wednesday => SafeDays.Wednesday,
        P.Weekday.Thursday => SafeDays.Thursday,
        P.Weekday.Friday => SafeDays.Friday,
        P.Weekday.Saturday => SafeDays.Saturday,
        P.Weekday.Sunday => SafeDays.Sunday,
        _ => throw ProtoMapping.Unexpected(day),
    };

    public static P.Weekday ToProto(SafeDays day) => day switch
    {
        SafeDays.Monday => P.Weekday.Monday,
        SafeDays.Tuesday => P.Weekday.Tuesday,
        SafeDays.Wednesday => P.Weekday.Wednesday,
        SafeDays.Thursday => P.Weekday.Thursday,
        SafeDays.Friday => P.Weekday.Friday,
        SafeDays.Saturday => P.Weekday.Saturday,
        SafeDays.Sunday => P.Weekday.Sunday,
        _ => throw ProtoMapping.Unexpected(day),
    };
}
