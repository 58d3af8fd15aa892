using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Hotline.Tests.Storage;

/// <summary>
/// What a contact's life costs the database, and what the database holds while it is open.
/// </summary>
public sealed class WritesPerContactTests : HostedTest
{
    [Fact]
    public async Task OpenAcceptCompleteIsThreeWritesAndTheOpenIndexFollowsTheContact()
    {
        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", "mountainous-shirvan"));
        var before = Host.Storage.Writes;

        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        Assert.Equal(before + 1, Host.Storage.Writes);
        Assert.Equal([("mountainous-shirvan", "Queued", null)], await OpenIndexAsync());

        await responder.NextOfferAsync(contact.ContactId);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });
        Assert.Equal(before + 2, Host.Storage.Writes);
        Assert.Equal([("mountainous-shirvan", "Connected", "shirvan-1")], await OpenIndexAsync());

        await Host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });
        Assert.Equal(before + 3, Host.Storage.Writes);
        Assert.Empty(await OpenIndexAsync());

        // The case is read from its contact: complete, with nothing written of its own.
        var file = await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId });
        Assert.Equal(["opened", "assigned", "contact_completed"], file.History.Select(e => e.Kind));
        Assert.Equal(before + 3, Host.Storage.Writes);
    }

    [Fact]
    public async Task AReturningCallerLinksToTheCaseForOneMoreWriteAndGoesToTheSameResponder()
    {
        await using var first = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", "mountainous-shirvan"));
        var opening = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await first.NextOfferAsync(opening.ContactId);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = opening.ContactId });
        await Host.Intake.EndContactAsync(new EndContactRequest { ContactId = opening.ContactId });

        // Idle longer than the case's own responder, so only continuity of care picks shirvan-1.
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        await using var other = await Host.OnlineResponderAsync(Requests.Responder("shirvan-0", "mountainous-shirvan"));
        await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "shirvan-1", Presence = Presence.Break });
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "shirvan-1", Presence = Presence.Available });

        var before = Host.Storage.Writes;
        var again = Requests.Contact("AZ-ISM");
        again.CaseId = opening.CaseId;
        var returning = await Host.Intake.OpenContactAsync(again);
        Assert.Equal(before + 2, Host.Storage.Writes);
        Assert.Equal(opening.CaseId, returning.CaseId);

        await first.NextOfferAsync(returning.ContactId);
        Assert.False(other.HasSeenOffer());

        var file = await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = opening.CaseId });
        Assert.Equal([opening.ContactId, returning.ContactId], file.ContactIds);
        Assert.Equal(["opened", "assigned", "contact_ended", "contact_linked"], file.History.Select(e => e.Kind));
    }

    private async Task<List<(string Region, string Status, string? Responder)>> OpenIndexAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Host.DatabaseFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Region, Status, ResponderId FROM HotlineOpenContact";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return rows;
    }
}
