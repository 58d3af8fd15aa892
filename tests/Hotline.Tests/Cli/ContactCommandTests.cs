extern alias cli;

using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Cli;

/// <summary><c>hotline contact ...</c> against a real gateway: the call made, what is printed, the exit code.</summary>
public sealed class ContactCommandTests : HostedTest
{
    private static readonly TokenClaims Operator = new("desk-1", ["operator"], ["mountainous-shirvan"]);

    [Fact]
    public async Task OpenPrintsTheContactAndQueuesIt()
    {
        var run = await CliRun.RunAsync(Host, Operator, "contact", "open", "--location", "AZ-ISM", "--language", "az",
            "--urgency", "high", "--skill", "legal_aid", "--summary", "Employer holds her passport");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("mountainous-shirvan", run.Output, StringComparison.Ordinal);
        Assert.Contains("queued", run.Output, StringComparison.Ordinal);
        Assert.Contains("Employer holds her passport", run.Output, StringComparison.Ordinal);

        var queue = await Host.QueueAsync("mountainous-shirvan");
        Assert.Equal((1, 1), (queue.Waiting, queue.WaitingHigh));
    }

    [Fact]
    public async Task JsonOutputIsTheContactAsTheApiReturnsIt()
    {
        var run = await CliRun.RunAsync(Host, Operator, "contact", "open", "--location", "AZ-ISM", "--language", "ru", "--channel", "chat",
            "--request-id", "desk-1-0001", "--json");
        Assert.Equal(0, run.ExitCode);
        var contact = Contact.Parser.ParseJson(Assert.Single(run.JsonLines));
        Assert.Equal((Channel.Chat, "ru", ContactStatus.Queued), (contact.Channel, contact.Language, contact.Status));

        var shown = await CliRun.RunAsync(Host, Operator, "contact", "show", contact.ContactId, "--json");
        Assert.Equal(contact.ContactId, Contact.Parser.ParseJson(Assert.Single(shown.JsonLines)).ContactId);

        // The same request id again is the same contact: a retry from a script is safe.
        var again = await CliRun.RunAsync(Host, Operator, "contact", "open", "--location", "AZ-ISM", "--language", "ru", "--channel", "chat",
            "--request-id", "desk-1-0001", "--json");
        Assert.Equal(contact.ContactId, Contact.Parser.ParseJson(Assert.Single(again.JsonLines)).ContactId);

        var abandoned = await CliRun.RunAsync(Host, Operator, "contact", "abandon", contact.ContactId, "--json");
        Assert.Equal(ContactStatus.Abandoned, Contact.Parser.ParseJson(Assert.Single(abandoned.JsonLines)).Status);
    }

    [Fact]
    public async Task EndingAConnectedContactFreesTheResponder()
    {
        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", "mountainous-shirvan"));
        var contact = await Host.As(Operator).Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await responder.NextOfferAsync(contact.ContactId);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });

        var run = await CliRun.RunAsync(Host, Operator, "contact", "end", contact.ContactId);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("completed", run.Output, StringComparison.Ordinal);
        Assert.Empty((await Host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "shirvan-1" })).Assignments);
    }

    [Fact]
    public async Task BadInputIsASentenceNamingTheFieldWithExitCode3AndNothingChanges()
    {
        var run = await CliRun.RunAsync(Host, Operator, "contact", "open", "--location", "AZ-ZZZ", "--language", "az");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("The request was refused: a field breaks a rule.", run.Error, StringComparison.Ordinal);
        Assert.Contains("location:", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await Host.QueueAsync("mountainous-shirvan")).Waiting);
    }

    [Theory]
    [InlineData("missing option", new[] { "contact", "open", "--language", "az" })]
    [InlineData("unknown channel", new[] { "contact", "open", "--location", "baku", "--language", "az", "--channel", "pigeon" })]
    [InlineData("unknown command", new[] { "contact", "teleport" })]
    public async Task AWrongCommandLineIsExitCode2(string why, string[] args)
    {
        var run = await CliRun.RunAsync(Host, Operator, args);
        Assert.True(run.ExitCode == 2, $"{why}: {run.ExitCode} {run.Error}");
        Assert.NotEmpty(run.Error);
    }

    [Fact]
    public async Task ServerRefusalsHaveTheirOwnExitCodes()
    {
        var waiting = await Host.As(Operator).Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));

        var missing = await CliRun.RunAsync(Host, HotlineHost.Staff, "contact", "show", Guid.NewGuid().ToString());
        Assert.Equal(4, missing.ExitCode);
        Assert.StartsWith("Not found", missing.Error, StringComparison.Ordinal);

        var anonymous = await CliRun.RunAsync(Host, null, "contact", "show", waiting.ContactId);
        Assert.Equal(5, anonymous.ExitCode);
        Assert.StartsWith("Not signed in", anonymous.Error, StringComparison.Ordinal);

        var otherRegion = await CliRun.RunAsync(Host, new TokenClaims("desk-9", ["operator"], ["baku"]), "contact", "show", waiting.ContactId);
        Assert.Equal(5, otherRegion.ExitCode);

        var notConnected = await CliRun.RunAsync(Host, Operator, "contact", "end", waiting.ContactId);
        Assert.Equal(6, notConnected.ExitCode);
        Assert.Contains("only a connected contact can be ended", notConnected.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfidentialFieldsCanComeFromStandardInputInsteadOfTheCommandLine()
    {
        var console = new Spectre.Console.Testing.TestConsole();
        var output = new StringWriter();
        var environment = new cli::Hotline.Cli.CliEnvironment(console, output, new StringWriter(), _ => null,
            new StringReader("She was promised work in a hotel\nLeyla\n"));
        var exit = await cli::Hotline.Cli.HotlineCli.RunAsync(
            ["contact", "open", "--location", "AZ-ISM", "--language", "az", "--summary", "-", "--caller-name", "-", "--json",
             "--address", Host.Address, "--token", Host.Token(Operator)], environment);
        Assert.Equal(0, exit);
        var contact = Contact.Parser.ParseJson(output.ToString().Trim());
        Assert.Equal(("She was promised work in a hotel", "Leyla"), (contact.Summary, contact.CallerName));
    }

    [Fact]
    public async Task AnUnreachableHotlineIsExitCode7AndItsAddressIsNamed()
    {
        var (exit, error) = await RunBareAsync("contact", "show", Guid.NewGuid().ToString(), "--address", "http://127.0.0.1:9", "--token", "any");
        Assert.Equal(7, exit);
        Assert.StartsWith("The hotline could not be reached at http://127.0.0.1:9/", error, StringComparison.Ordinal);
        Assert.DoesNotContain("subchannel", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WithNoTokenTheCliSaysHowToSignInAndCallsNothing()
    {
        var (exit, error) = await RunBareAsync("contact", "show", Guid.NewGuid().ToString(), "--address", "http://127.0.0.1:9");
        Assert.Equal(5, exit);
        Assert.StartsWith("Not signed in: set HOTLINE_TOKEN or pass --token", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenIsNeverSentOverPlainHttpToAnotherMachine()
    {
        var (exit, error) = await RunBareAsync("contact", "show", Guid.NewGuid().ToString(), "--address", "http://192.0.2.1:5080", "--token", "any");
        Assert.Equal(2, exit);
        Assert.StartsWith("--address: refusing to send your token over plain http to 192.0.2.1", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Error)> RunBareAsync(params string[] args)
    {
        var console = new Spectre.Console.Testing.TestConsole();
        var error = new StringWriter();
        var environment = new cli::Hotline.Cli.CliEnvironment(console, TextWriter.Null, error, _ => null);
        var exit = await cli::Hotline.Cli.HotlineCli.RunAsync(args, environment);
        return (exit, error.ToString());
    }
}
