using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Tests.Gateway;

public sealed class RestartTests : IAsyncLifetime
{
    private readonly string _data = HotlineHost.NewDataDirectory();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        HotlineHost.TryDelete(_data);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task CasesRespondersAndWaitingContactsSurviveARestartAndWaitingOnesAreRoutedAgain()
    {
        Contact connected, waiting;
        var clock = new FakeTimeProvider(HotlineHost.Start);
        await using (var first = await HotlineHost.StartAsync(_data, clock))
        {
            await using var responder = await first.OnlineResponderAsync(Requests.Responder("shirvan-1", "mountainous-shirvan", skills: ["shelter"]));
            connected = await first.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", skills: ["shelter"]));
            await responder.NextOfferAsync(connected.ContactId);
            await first.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = connected.ContactId });

            // The responder is busy (capacity 1), so this one waits.
            waiting = await first.Intake.OpenContactAsync(Requests.Contact("AZ-AGU", urgency: Urgency.High));
            Assert.Equal(1, (await first.QueueAsync("mountainous-shirvan")).Waiting);
        }

        Assert.True(File.Exists(Path.Combine(_data, "hotline.db")));
        clock.Advance(TimeSpan.FromSeconds(5));
        await using var second = await HotlineHost.StartAsync(_data, clock);

        var file = await second.Cases.GetCaseAsync(new GetCaseRequest { CaseId = connected.CaseId });
        Assert.Equal("shirvan-1", file.OwnerResponderId);
        Assert.Contains(file.History, e => e.Kind == "assigned" && e.Actor == "shirvan-1");

        var profile = await second.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "shirvan-1" });
        Assert.Equal(["shelter"], profile.Skills);
        Assert.Equal(Presence.Available, profile.Presence);
        Assert.Equal(connected.ContactId, Assert.Single(profile.Assignments).ContactId);

        var stillWaiting = await second.Intake.GetContactAsync(new GetContactRequest { ContactId = waiting.ContactId });
        Assert.Equal(ContactStatus.Queued, stillWaiting.Status);
        Assert.Equal(1, (await second.QueueAsync("mountainous-shirvan")).Waiting);

        // The responder reconnects and finishes the first contact; nobody touches the waiting one.
        await using var back = await ResponderSession.ConnectAsync(second.Responders, "shirvan-1");
        await second.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = connected.ContactId });
        var offer = await back.NextOfferAsync(waiting.ContactId);
        Assert.Equal(Urgency.High, offer.Urgency);
    }
}
