using System.Globalization;
using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Cli;

/// <summary>
/// A queued call-back from the command line: the operator's <c>contact call-back</c>, the responder's
/// <c>responder call-back ... --outcome</c> after each attempt, and <c>responder complete</c> once reached
/// (attempts 3, retry delay 10 minutes: the defaults, on the hotline's fake clock).
/// </summary>
public sealed class CallBackCommandTests : HostedTest
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(10);
    private static readonly TokenClaims Operator = new("desk-baku", ["operator"], ["baku"]);
    private static readonly TokenClaims Desk = HotlineHost.ResponderClaims("baku-desk");

    [Fact]
    public async Task ACallBackAskedForAtTheDeskIsTriedAgainAfterAMissAndCompletedOnceReached()
    {
        var contact = await Host.As(Operator).Intake.OpenContactAsync(Requests.Contact("baku"));

        var asked = await CliRun.RunAsync(Host, Operator, "contact", "call-back", contact.ContactId);

        Assert.True(asked.ExitCode == 0, asked.Error);
        Assert.Contains("asked by the caller, 0 of 3 attempts failed", asked.Output, StringComparison.Ordinal);
        var again = await CliRun.RunAsync(Host, Operator, "contact", "call-back", contact.ContactId, "--json");
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal((ContactStatus.Queued, CallBackReason.CallerAsked), Contact.Parser.ParseJson(Assert.Single(again.JsonLines)) is var c ? (c.Status, c.CallBack.Reason) : default);

        await using var desk = await Host.OnlineResponderAsync(Requests.Responder("baku-desk", "baku"));
        Assert.Equal(1, (await desk.NextOfferAsync(contact.ContactId)).CallBack?.Attempt);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "baku-desk", ContactId = contact.ContactId });

        var missed = await CliRun.RunAsync(Host, Desk, "responder", "call-back", "baku-desk", contact.ContactId, "--outcome", "not-reached");

        Assert.True(missed.ExitCode == 0, missed.Error);
        var next = (Host.Clock.GetUtcNow() + RetryDelay).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Assert.Contains($"queued: asked by the caller, 1 of 3 attempts failed, next attempt after {next}", missed.Output, StringComparison.Ordinal);
        Assert.Empty((await Host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "baku-desk" })).Assignments);

        Host.Clock.Advance(RetryDelay);
        Assert.Equal(2, (await desk.NextOfferAsync(contact.ContactId)).CallBack?.Attempt);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "baku-desk", ContactId = contact.ContactId });
        var reached = await CliRun.RunAsync(Host, Desk, "responder", "call-back", "baku-desk", contact.ContactId, "--outcome", "reached", "--json");
        Assert.True(reached.ExitCode == 0, reached.Error);
        Assert.Equal(ContactStatus.Connected, RecordCallBackOutcomeResponse.Parser.ParseJson(Assert.Single(reached.JsonLines)).Status);

        // Connected now: no longer waiting, so the desk cannot ask for a call-back again.
        var notWaiting = await CliRun.RunAsync(Host, Operator, "contact", "call-back", contact.ContactId);
        Assert.Equal(6, notWaiting.ExitCode);

        var completed = await CliRun.RunAsync(Host, Desk, "responder", "complete", "baku-desk", contact.ContactId);
        Assert.True(completed.ExitCode == 0, completed.Error);
        Assert.Contains($"Completed contact {contact.ContactId}.", completed.Output, StringComparison.Ordinal);
        Assert.Equal(ContactStatus.Completed, (await Host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId })).Status);
    }

    [Fact]
    public async Task AnOutcomeMissingOrUnknownIsACommandLineError()
    {
        var missing = await CliRun.RunAsync(Host, Desk, "responder", "call-back", "baku-desk", "c1");
        var unknown = await CliRun.RunAsync(Host, Desk, "responder", "call-back", "baku-desk", "c1", "--outcome", "maybe");

        Assert.Equal((2, 2), (missing.ExitCode, unknown.ExitCode));
        Assert.Contains("--outcome", missing.Error, StringComparison.Ordinal);
        Assert.Contains("'not-reached'", unknown.Error, StringComparison.Ordinal);
    }
}
