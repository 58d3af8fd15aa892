extern alias cli;

using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Cli;

/// <summary><c>hotline responder ...</c>, and <c>listen</c> driven by keys on a scripted console.</summary>
public sealed class ResponderCommandTests : HostedTest
{
    private const string Shirvan = "mountainous-shirvan";

    [Fact]
    public async Task RegisterSetPresenceAndShow()
    {
        var registered = await CliRun.RunAsync(Host, HotlineHost.Staff, "responder", "register", "aysel", "--region", Shirvan, "--name", "Aysel",
            "--language", "az", "--language", "ru", "--skill", "shelter", "--capacity", "voice=1", "--capacity", "chat=3", "--json");
        Assert.True(registered.ExitCode == 0, registered.Error);
        var profile = Responder.Parser.ParseJson(Assert.Single(registered.JsonLines));
        Assert.Equal(["az", "ru"], profile.Languages);
        Assert.Equal([(Channel.Voice, 1), (Channel.Chat, 3)], profile.Capacity.Select(c => (c.Channel, c.Capacity)));

        var presence = await CliRun.RunAsync(Host, HotlineHost.ResponderClaims("aysel"), "responder", "presence", "aysel", "break");
        Assert.Equal(0, presence.ExitCode);
        Assert.Contains("break", presence.Output, StringComparison.Ordinal);

        var shown = await CliRun.RunAsync(Host, HotlineHost.ResponderClaims("aysel"), "responder", "show", "aysel");
        Assert.Contains("Aysel", shown.Output, StringComparison.Ordinal);
        Assert.Contains("voice=1, chat=3", shown.Output, StringComparison.Ordinal);

        var away = await CliRun.RunAsync(Host, HotlineHost.Staff, "responder", "presence", "aysel", "away", "--as-supervisor", "--json");
        Assert.Equal(RosterStatus.Away, RosterEntry.Parser.ParseJson(Assert.Single(away.JsonLines)).Status);

        var byHand = await CliRun.RunAsync(Host, HotlineHost.ResponderClaims("aysel"), "responder", "presence", "aysel", "away");
        Assert.Equal(3, byHand.ExitCode);
        Assert.Contains("presence:", byHand.Error, StringComparison.Ordinal);

        var badCapacity = await CliRun.RunAsync(Host, HotlineHost.Staff, "responder", "register", "x", "--region", Shirvan, "--capacity", "voice");
        Assert.Equal(2, badCapacity.ExitCode);
    }

    [Fact]
    public async Task ListenShowsTheOfferAndAcceptsItWithAKey()
    {
        await Host.Responders.UpsertResponderAsync(Requests.Responder("aysel", Shirvan));
        await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "aysel", Presence = Presence.Available });
        var console = new RecordingConsole();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var listening = CliRun.RunAsync(Host, HotlineHost.ResponderClaims("aysel"), console, ["responder", "listen", "aysel"], stop.Token);
        await WaitForAsync(console, "Presence available");

        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await WaitForAsync(console, $"Offer (contact) of contact {contact.ContactId}");
        Assert.Contains("Caller reports passport taken by employer", console.Output, StringComparison.Ordinal);
        Assert.Contains("s to accept", console.Output, StringComparison.Ordinal);

        console.Input.PushCharacter('a');
        await WaitForAsync(console, $"Accepted contact {contact.ContactId}");
        await WaitForAsync(console, $"Now working contact {contact.ContactId}");
        Assert.Equal(ContactStatus.Connected, (await Host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId })).Status);

        console.Input.PushCharacter('c');
        await WaitForAsync(console, $"Completed contact {contact.ContactId}");
        console.Input.PushCharacter('q');
        var (exit, error) = await listening;
        Assert.True(exit == 0, error);
        Assert.Equal(ContactStatus.Completed, (await Host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId })).Status);
    }

    [Fact]
    public async Task ListenDeclinesWithAKeyAndTheContactWaitsForSomeoneElse()
    {
        await Host.Responders.UpsertResponderAsync(Requests.Responder("aysel", Shirvan));
        await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "aysel", Presence = Presence.Available });
        var console = new RecordingConsole();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var listening = CliRun.RunAsync(Host, HotlineHost.ResponderClaims("aysel"), console, ["responder", "listen", "aysel"], stop.Token);
        await WaitForAsync(console, "Presence available");

        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await WaitForAsync(console, $"of contact {contact.ContactId}");
        console.Input.PushCharacter('d');
        await WaitForAsync(console, $"Declined contact {contact.ContactId}");
        console.Input.PushCharacter('q');
        Assert.Equal(0, (await listening).Exit);
        Assert.Equal(ContactStatus.Queued, (await Host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId })).Status);
    }

    [Fact]
    public async Task ListenShowsTheSafeContactRulesWithTheOfferOfAFollowUp()
    {
        await Host.Responders.UpsertResponderAsync(Requests.Responder("aysel", Shirvan));
        await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "aysel", Presence = Presence.Available });
        var aysel = HotlineHost.ResponderClaims("aysel");
        var console = new RecordingConsole();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var listening = CliRun.RunAsync(Host, aysel, console, ["responder", "listen", "aysel"], stop.Token);
        await WaitForAsync(console, "Presence available");
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await WaitForAsync(console, $"Offer (contact) of contact {contact.ContactId}");
        console.Input.PushCharacter('a');
        await WaitForAsync(console, $"Now working contact {contact.ContactId}");
        // 13:00 on the hotline's clock: the window is open.
        var consent = await CliRun.RunAsync(Host, aysel, "case", "consent", contact.CaseId, "--contact-back", "yes", "--safe-window", "10:00-17:00",
            "--safe-channel", "voice", "--no-message", "yes", "--code-word", "sunflower");
        Assert.True(consent.ExitCode == 0, consent.Error);
        var followUp = await CliRun.RunAsync(Host, aysel, "case", "follow-up", contact.CaseId, "--kind", "call-back", "--at", "+5m");
        Assert.True(followUp.ExitCode == 0, followUp.Error);
        console.Input.PushCharacter('c');
        await WaitForAsync(console, $"Completed contact {contact.ContactId}");
        Assert.DoesNotContain("sunflower", console.Output, StringComparison.Ordinal);

        Host.Clock.Advance(TimeSpan.FromMinutes(10));
        await Host.Services.GetRequiredService<Hotline.Cases.FollowUpScheduler>().RouteDueAsync();

        await WaitForAsync(console, "Offer (follow-up)");
        await WaitForAsync(console, "Reach them safely: only 10:00-17:00, on voice, leave no message, code word: sunflower.");
        console.Input.PushCharacter('q');
        var (exit, error) = await listening;
        Assert.True(exit == 0, error);
    }

    private static async Task WaitForAsync(RecordingConsole console, string text)
    {
        for (var i = 0; i < 150; i++)
        {
            if (console.Output.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The console never showed '{text}'. It showed:\n{console.Output}");
    }
}
