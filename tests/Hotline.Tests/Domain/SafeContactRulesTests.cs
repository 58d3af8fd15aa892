using Hotline.Cases;

namespace Hotline.Tests.Domain;

/// <summary>Reading and checking safe windows: well-formed times, a window that is not empty, and nothing of the value in a rule.</summary>
public sealed class SafeContactRulesTests
{
    [Theory]
    [InlineData("10:00", false, 600)]
    [InlineData("00:00", false, 0)]
    [InlineData("23:59", false, 1439)]
    [InlineData("24:00", true, 1440)]
    public void ReadsWellFormedTimes(string text, bool endOfDay, int minute) => Assert.Equal(minute, SafeContact.ParseClock(text, endOfDay));

    [Theory]
    [InlineData("24:00", false)]
    [InlineData("10:60", true)]
    [InlineData("9:00", true)]
    [InlineData("10.00", true)]
    [InlineData("+1:00", true)]
    [InlineData("", true)]
    public void RefusesTimesThatAreNotHhMm(string text, bool endOfDay) => Assert.Null(SafeContact.ParseClock(text, endOfDay));

    [Fact]
    public void AWindowMustOpenAndCloseAtDifferentTimes()
    {
        Assert.Empty(SafeContact.Problems(SafeDays.EveryDay, 600, 1020));
        Assert.Equal(["closes"], SafeContact.Problems(SafeDays.EveryDay, 0, 1440).Select(p => p.Field));
        Assert.Equal(["opens", "closes"], SafeContact.Problems(SafeDays.EveryDay, null, null).Select(p => p.Field));
    }

    [Fact]
    public void ThePersonalRulesNeverReachToString()
    {
        var rules = new SafeContactRules(new SafeWindow(SafeDays.Monday, 600, 1020), Hotline.Domain.Channel.Sms, true, "sunflower");

        Assert.DoesNotContain("sunflower", rules.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("600", rules.Window!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sunflower", new Consents(false, true, null, "", CodeWord: "sunflower").ToString(), StringComparison.Ordinal);
        Assert.Equal("mon 10:00-17:00", rules.Window.Describe());
    }
}
