using Hotline.Contacts;
using Hotline.Domain;

namespace Hotline.Routing;

/// <summary>Where an intake waits: its region, or the on-call region out of hours; and whether it waits as a call-back for the opening.</summary>
public sealed record IntakeRoute(string Region, bool CallBackAtOpening);

/// <summary>
/// Out of hours, a new contact goes to the national on-call region when one is configured;
/// otherwise it is kept as a call-back request, offered when its region opens again.
/// </summary>
public static class AfterHours
{
    public static IntakeRoute Route(OpeningHours hours, string region, Channel channel, string? onCallRegion, DateTimeOffset now)
    {
        if (hours.IsOpen(channel, now))
        {
            return new IntakeRoute(region, CallBackAtOpening: false);
        }

        return string.IsNullOrEmpty(onCallRegion) || onCallRegion == region
            ? new IntakeRoute(region, CallBackAtOpening: true)
            : new IntakeRoute(onCallRegion, CallBackAtOpening: false);
    }

    /// <summary>A contact just opened waits where <paramref name="route"/> says; its case stays in the region it came from.</summary>
    public static void Apply(ContactState s, IntakeRoute route)
    {
        if (route.Region != s.Region)
        {
            (s.CaseRegion, s.Region) = (s.Region, route.Region);
        }

        if (route.CallBackAtOpening)
        {
            CallBackRules.AtOpening(s, s.ReceivedAt);
        }
    }
}
