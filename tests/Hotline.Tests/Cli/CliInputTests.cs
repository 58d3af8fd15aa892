extern alias cli;

using Spectre.Console.Testing;
using CliEnvironment = cli::Hotline.Cli.CliEnvironment;
using HotlineCli = cli::Hotline.Cli.HotlineCli;
using Skills = cli::Hotline.Cli.Output.Skills;
using SafeWindowInput = cli::Hotline.Cli.Commands.SafeWindowInput;
using TimeInput = cli::Hotline.Cli.Commands.TimeInput;

namespace Hotline.Tests.Cli;

/// <summary>What a person types, read without a hotline: times, safe windows, skills, mistyped commands.</summary>
public sealed class CliInputTests
{
    private static readonly TimeZoneInfo Baku = TimeZoneInfo.FindSystemTimeZoneById("Asia/Baku");

    // 22:30 in Baku (+04:00): "tomorrow" there is already two UTC dates away.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 18, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("+2d", "2026-11-27T18:30:00+00:00")]
    [InlineData("+3h", "2026-11-25T21:30:00+00:00")]
    [InlineData("+90m", "2026-11-25T20:00:00+00:00")]
    [InlineData("today 23:00", "2026-11-25T23:00:00+04:00")]
    [InlineData("tomorrow 10:00", "2026-11-26T10:00:00+04:00")]
    [InlineData("Tomorrow 9:15", "2026-11-26T09:15:00+04:00")]
    [InlineData("2026-12-01 10:00", "2026-12-01T10:00:00+04:00")]
    [InlineData("2026-12-01T10:00", "2026-12-01T10:00:00+04:00")]
    [InlineData("2026-12-01T10:00:00Z", "2026-12-01T10:00:00+00:00")]
    [InlineData("2026-12-01T10:00:00+03:00", "2026-12-01T07:00:00+00:00")]
    public void TimesAreReadOnTheHotlinesClockUnlessTheyNameAZone(string typed, string expected)
    {
        var at = TimeInput.Parse("--at", typed, Baku, Now);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), at);
    }

    [Theory]
    [InlineData("next week")]
    [InlineData("+2y")]
    [InlineData("tomorrow 25:00")]
    [InlineData("26/11/2026")]
    [InlineData("2026-12-01")]
    public void ATimeThatCannotBeReadNamesTheOptionAndTheFormsItTakes(string typed)
    {
        var error = Assert.Throws<FormatException>(() => TimeInput.Parse("--at", typed, Baku, Now));
        Assert.StartsWith("--at must be a time such as +2d", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("legal-aid", "legal_aid")]
    [InlineData("legal_aid", "legal_aid")]
    [InlineData("Child-Protection", "child_protection")]
    public void SkillsAreTypedWithDashesAndSentAsTheTopologySpellsThem(string typed, string wire)
    {
        Assert.Equal(wire, Skills.ToWire(typed));
        Assert.Equal(typed.ToLowerInvariant().Replace('_', '-'), Skills.Show(wire));
    }

    [Theory]
    [InlineData(new[] { "contcat", "open" }, "Did you mean 'hotline contact'?")]
    [InlineData(new[] { "case", "consnt", "x" }, "Did you mean 'hotline case consent'?")]
    [InlineData(new[] { "responder", "lisen", "aysel" }, "Did you mean 'hotline responder listen'?")]
    [InlineData(new[] { "case", "zzzzzzzz" }, "Its commands: show, history")]
    public async Task AMistypedCommandSuggestsTheNearestAndCallsNothing(string[] args, string expected)
    {
        var error = new StringWriter();
        var environment = new CliEnvironment(new TestConsole(), new StringWriter(), error, _ => null);

        var exit = await HotlineCli.RunAsync(args, environment);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("today 08:00")]
    [InlineData("2026-11-25T18:00:00Z")]
    public void ATimeThatHasPassedIsRefusedWithAnExample(string typed)
    {
        var error = Assert.Throws<FormatException>(() => TimeInput.Parse("--at", typed, Baku, Now));
        Assert.StartsWith("--at names a time that has passed on the hotline's clock (22:30 Asia/Baku)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownZoneIsRefusedNamingTheSetting()
    {
        var error = new StringWriter();
        var environment = new CliEnvironment(new TestConsole(), new StringWriter(), error, _ => null);

        var exit = await HotlineCli.RunAsync(["case", "follow-up", "c1", "--at", "+1d", "--zone", "Mars/Olympus", "--token", "t"], environment);

        Assert.Equal(2, exit);
        Assert.Contains("--zone: 'Mars/Olympus' is not a time zone this machine knows", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-2h", "2026-11-25T16:30:00+00:00")]
    [InlineData("-90m", "2026-11-25T17:00:00+00:00")]
    [InlineData("today 09:00", "2026-11-25T09:00:00+04:00")]
    [InlineData("yesterday 18:00", "2026-11-24T18:00:00+04:00")]
    [InlineData("2026-11-20 10:00", "2026-11-20T10:00:00+04:00")]
    public void APastTimeIsReadOnTheHotlinesClock(string typed, string expected)
    {
        var at = TimeInput.ParsePast("--started-at", typed, Baku, Now);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), at);
    }

    [Theory]
    [InlineData("+1h")]
    [InlineData("tomorrow 10:00")]
    public void ATimeStillToComeIsRefusedWhereAPastOneIsAskedFor(string typed)
    {
        var error = Assert.Throws<FormatException>(() => TimeInput.ParsePast("--ended-at", typed, Baku, Now));
        Assert.StartsWith("--ended-at names a time still to come on the hotline's clock (22:30 Asia/Baku)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mon-Fri 10:00-17:00", "Monday Tuesday Wednesday Thursday Friday", "10:00", "17:00", "Mon-Fri 10:00-17:00")]
    [InlineData("10:00-17:00", "", "10:00", "17:00", "Daily 10:00-17:00")]
    [InlineData("daily 9:30-24:00", "", "09:30", "24:00", "Daily 09:30-24:00")]
    [InlineData("Sat,Sun 10:00-14:00", "Saturday Sunday", "10:00", "14:00", "Sat-Sun 10:00-14:00")]
    [InlineData("Sat-Mon 22:00-02:00", "Monday Saturday Sunday", "22:00", "02:00", "Mon,Sat-Sun 22:00-02:00")]
    [InlineData("mon,wed,FRI 18:00-20:00", "Monday Wednesday Friday", "18:00", "20:00", "Mon,Wed,Fri 18:00-20:00")]
    [InlineData("Mon-Sun 08:00-20:00", "", "08:00", "20:00", "Daily 08:00-20:00")]
    public void ASafeWindowIsReadAsTheOpeningHoursAreWritten(string typed, string days, string opens, string closes, string shown)
    {
        var window = SafeWindowInput.Parse("--safe-window", typed)!;

        Assert.Equal((days, opens, closes), (string.Join(' ', window.Days), window.Opens, window.Closes));
        Assert.Equal(shown, SafeWindowInput.Describe(window));
    }

    [Fact]
    public void NoneWithdrawsTheSafeWindow() => Assert.Null(SafeWindowInput.Parse("--safe-window", "none"));

    [Theory]
    [InlineData("Tue-Thu 10:00", "must read like 'Mon-Fri 10:00-17:00'")]
    [InlineData("after 18:00", "must read like 'Mon-Fri 10:00-17:00'")]
    [InlineData("Mon-Fri 10:00-17:00\nrm", "must read like 'Mon-Fri 10:00-17:00'")]
    [InlineData("Funday 10:00-17:00", "days are Mon, Tue")]
    [InlineData("Mon-Fri-Sat 10:00-17:00", "must read like 'Mon-Fri 10:00-17:00'")]
    [InlineData("24:00-05:00", "the opening time must be HH:MM from 00:00 to 23:59")]
    [InlineData("10:00-24:30", "the closing time must be HH:MM from 00:00 to 24:00")]
    [InlineData("10:75-11:00", "the opening time must be HH:MM")]
    [InlineData("Wed 10:00-10:00", "must differ from the opening time")]
    [InlineData("00:00-24:00", "must differ from the opening time")]
    public void ABadSafeWindowNamesTheOptionAndTheRuleButNotWhatWasTyped(string typed, string rule)
    {
        var error = Assert.Throws<FormatException>(() => SafeWindowInput.Parse("--safe-window", typed));

        Assert.StartsWith("--safe-window", error.Message, StringComparison.Ordinal);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(typed, error.Message, StringComparison.Ordinal);
    }
}
