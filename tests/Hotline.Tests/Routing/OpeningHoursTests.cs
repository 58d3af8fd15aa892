using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Tests.Routing;

/// <summary>The opening-hours rule on its own, in a zone four hours ahead of UTC without daylight saving (as Baku's).</summary>
public sealed class OpeningHoursTests
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("hotline-test+04", TimeSpan.FromHours(4), "UTC+04", "UTC+04");

    /// <summary>A local time in the zone: 2026-11-23 is a Monday.</summary>
    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(4));

    private static OpeningHours Hours(Dictionary<string, string[]> hours, params string[] holidays) =>
        OpeningHours.Parse(new RegionHoursConfig { Hours = new(hours, StringComparer.OrdinalIgnoreCase), Holidays = holidays }, Zone);

    private static readonly OpeningHours OfficeVoice = Hours(new() { ["Voice"] = ["Mon-Fri 09:00-18:00", "Sat 10:00-14:00"] });

    [Fact]
    public void ARegionWithoutHoursIsAlwaysOpen()
    {
        Assert.False(OpeningHours.Always.HasHours);
        Assert.True(OpeningHours.Always.IsOpen(Channel.Voice, Local(29, 3)));
        Assert.Equal(Local(29, 3), OpeningHours.Always.NextOpening(Channel.Voice, Local(29, 3)));
        Assert.Equal(HoursState.Open, OpeningHours.Always.StateAt(Local(29, 3)));
    }

    [Fact]
    public void OpenFromTheFirstMinuteUpToButNotIncludingTheLast()
    {
        Assert.False(OfficeVoice.IsOpen(Channel.Voice, Local(23, 8, 59)));
        Assert.True(OfficeVoice.IsOpen(Channel.Voice, Local(23, 9)));
        Assert.True(OfficeVoice.IsOpen(Channel.Voice, Local(23, 17, 59)));
        Assert.False(OfficeVoice.IsOpen(Channel.Voice, Local(23, 18)));
    }

    [Fact]
    public void HoursAreReadInTheHotlinesZoneNotUtc()
    {
        // 05:30 UTC on Monday is 09:30 in the zone: open; 14:30 UTC is 18:30 there: closed.
        Assert.True(OfficeVoice.IsOpen(Channel.Voice, new DateTimeOffset(2026, 11, 23, 5, 30, 0, TimeSpan.Zero)));
        Assert.False(OfficeVoice.IsOpen(Channel.Voice, new DateTimeOffset(2026, 11, 23, 14, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void AChannelWithoutHoursOfItsOwnFollowsTheDefaultElseIsAlwaysOpen()
    {
        var withDefault = Hours(new() { ["Voice"] = ["Daily 08:00-20:00"], ["Default"] = ["Mon-Fri 10:00-16:00"] });
        Assert.True(withDefault.IsOpen(Channel.Voice, Local(28, 9)));
        Assert.False(withDefault.IsOpen(Channel.Chat, Local(28, 11)));
        Assert.True(withDefault.IsOpen(Channel.Chat, Local(27, 11)));

        Assert.True(OfficeVoice.IsOpen(Channel.Chat, Local(29, 3)));
    }

    [Fact]
    public void AfterClosingOnFridayTheNextOpeningIsSaturdayAndAfterSaturdayItIsMonday()
    {
        Assert.Equal(Local(28, 10), OfficeVoice.NextOpening(Channel.Voice, Local(27, 18)));
        Assert.Equal(Local(30, 9), OfficeVoice.NextOpening(Channel.Voice, Local(28, 14)));
        Assert.Equal(Local(30, 9), OfficeVoice.NextOpening(Channel.Voice, Local(29, 23, 59)));
    }

    [Fact]
    public void BeforeOpeningTheSameMorningItOpensThatMorning()
    {
        Assert.Equal(Local(24, 9), OfficeVoice.NextOpening(Channel.Voice, Local(24, 0)));
        Assert.Equal(Local(24, 9), OfficeVoice.NextOpening(Channel.Voice, Local(23, 18)));
        Assert.Equal(Local(24, 10), OfficeVoice.NextOpening(Channel.Voice, Local(24, 10)));
    }

    [Fact]
    public void ASpanPastMidnightIsOpenOnBothSidesOfIt()
    {
        var nights = Hours(new() { ["Chat"] = ["Fri 22:00-02:00"] });
        Assert.True(nights.IsOpen(Channel.Chat, Local(27, 23, 59)));
        Assert.True(nights.IsOpen(Channel.Chat, Local(28, 0)));
        Assert.True(nights.IsOpen(Channel.Chat, Local(28, 1, 59)));
        Assert.False(nights.IsOpen(Channel.Chat, Local(28, 2)));
        Assert.Equal(Local(27, 22).AddDays(7), nights.NextOpening(Channel.Chat, Local(28, 2)));
    }

    [Fact]
    public void ASpanOnSundayNightRunsIntoMondayAcrossTheEndOfTheWeek()
    {
        var weekend = Hours(new() { ["Voice"] = ["Sun 20:00-08:00", "Sat-Sun 10:00-24:00"] });
        Assert.True(weekend.IsOpen(Channel.Voice, Local(29, 23, 30)));
        Assert.True(weekend.IsOpen(Channel.Voice, Local(30, 0)));
        Assert.True(weekend.IsOpen(Channel.Voice, Local(30, 7, 59)));
        Assert.False(weekend.IsOpen(Channel.Voice, Local(30, 8)));
        Assert.True(weekend.IsOpen(Channel.Voice, Local(28, 23, 59)));
        Assert.False(weekend.IsOpen(Channel.Voice, Local(29, 0)));
        Assert.Equal(Local(29, 10), weekend.NextOpening(Channel.Voice, Local(29, 0)));
        Assert.Equal(Local(28, 10).AddDays(7), weekend.NextOpening(Channel.Voice, Local(30, 8)));
    }

    [Fact]
    public void AHolidayClosesTheWholeDayEvenInsideASpanFromTheEveningBefore()
    {
        var hours = Hours(new() { ["Voice"] = ["Daily 20:00-08:00", "Mon-Fri 09:00-18:00"] }, "2026-11-25");
        Assert.True(hours.IsOpen(Channel.Voice, Local(24, 23, 59)));
        Assert.False(hours.IsOpen(Channel.Voice, Local(25, 0)));
        Assert.False(hours.IsOpen(Channel.Voice, Local(25, 10)));
        Assert.False(hours.IsOpen(Channel.Voice, Local(25, 21)));
        // The night span of the holiday runs on past midnight: it opens at the end of the holiday.
        Assert.Equal(Local(26, 0), hours.NextOpening(Channel.Voice, Local(25, 0)));
    }

    [Fact]
    public void AHolidayOnAWorkingDayMovesTheOpeningToTheNextWorkingDay()
    {
        var hours = Hours(new() { ["Voice"] = ["Mon-Fri 09:00-18:00"] }, "2026-11-27", "2026-11-30");
        // Thursday evening: Friday and Monday are holidays, so Tuesday 1 December.
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(4)), hours.NextOpening(Channel.Voice, Local(26, 18)));
    }

    [Fact]
    public void AChannelThatNeverOpensHasNoNextOpening()
    {
        var closed = Hours(new() { ["Sms"] = [] });
        Assert.False(closed.IsOpen(Channel.Sms, Local(23, 12)));
        Assert.Null(closed.NextOpening(Channel.Sms, Local(23, 12)));
    }

    [Fact]
    public void TheBoardStateNamesTheClosedChannelsAndTheEarliestOpening()
    {
        var hours = Hours(new() { ["Voice"] = ["Mon-Fri 09:00-18:00"], ["Default"] = ["Mon-Fri 10:00-16:00"] });
        var evening = hours.StateAt(Local(23, 17));
        Assert.False(evening.Closed);
        Assert.DoesNotContain(Channel.Voice, evening.ClosedChannels);
        Assert.Contains(Channel.Chat, evening.ClosedChannels);
        Assert.Equal(Local(24, 10), evening.NextOpening);

        var night = hours.StateAt(Local(23, 22));
        Assert.True(night.Closed);
        Assert.Equal(Local(24, 9), night.NextOpening);
    }

    [Theory]
    [InlineData("Mon-Fri 9:00-18:00")]
    [InlineData("Mon-Fri 09:00-25:00")]
    [InlineData("Mon-Fri 09:00-09:00")]
    [InlineData("Someday 09:00-18:00")]
    [InlineData("10:00-17:00")]
    [InlineData("Mon 24:00-02:00")]
    public void HoursThatDoNotReadAreRefusedNamingTheRule(string line)
    {
        var error = Assert.Throws<FormatException>(() => Hours(new() { ["Voice"] = [line] }));
        Assert.StartsWith("Hours:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(line, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownChannelOrABadHolidayIsRefused()
    {
        Assert.Contains("not a channel", Assert.Throws<FormatException>(() => Hours(new() { ["Fax"] = ["Daily 00:00-24:00"] })).Message, StringComparison.Ordinal);
        Assert.Contains("YYYY-MM-DD", Assert.Throws<FormatException>(() => Hours(new(), "25/12/2026")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OutOfHoursAContactGoesOnCallWhenConfiguredElseWaitsAsACallBack()
    {
        var closed = Local(23, 20);
        Assert.Equal(new IntakeRoute("baku", false), AfterHours.Route(OfficeVoice, "baku", Channel.Voice, "absheron-khizi", Local(23, 10)));
        Assert.Equal(new IntakeRoute("absheron-khizi", false), AfterHours.Route(OfficeVoice, "baku", Channel.Voice, "absheron-khizi", closed));
        Assert.Equal(new IntakeRoute("baku", true), AfterHours.Route(OfficeVoice, "baku", Channel.Voice, "", closed));
        Assert.Equal(new IntakeRoute("baku", true), AfterHours.Route(OfficeVoice, "baku", Channel.Voice, "baku", closed));
        Assert.Equal(new IntakeRoute("baku", false), AfterHours.Route(OfficeVoice, "baku", Channel.Chat, "", closed));
    }
}
