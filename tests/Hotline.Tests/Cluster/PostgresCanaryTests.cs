using Google.Protobuf.WellKnownTypes;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;

namespace Hotline.Tests.Cluster;

/// <summary>
/// The canary of the SQLite tests, on a cluster on PostgreSQL: a marker in every free-text
/// field of a contact and its case file, and as the caller's number, reads back to those
/// allowed to see it, yet appears nowhere in a pg_dump, in any file of the database's data
/// directory (tables, indexes, write-ahead log) or in the silo's log at the most verbose level.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresCanaryTests
{
    [Fact]
    public async Task MarkerInEveryPersonalFieldNeverReachesTheDatabaseItsFilesOrTheSiloLog()
    {
        var marker = $"CANARY{Guid.NewGuid():N}";
        await using var world = await ClusterWorld.StartAsync(silos: 1, gateway: true, ("Logging__LogLevel__Default", "Trace"));
        var clients = world.Gateway.ForResponders();

        var profile = Requests.Responder("aysel", People.Region);
        profile.DisplayName = $"Aysel {marker}";
        await ClusterTests.EventuallyAsync(() => clients.Responders.UpsertResponderAsync(profile).ResponseAsync);
        await clients.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "aysel", Presence = Presence.Available });
        await using var responder = await ResponderSession.ConnectAsync(clients.Responders, "aysel");

        var request = Requests.ContactCarrying(marker);
        var contact = await clients.Intake.OpenContactAsync(request);
        Assert.Contains(marker, (await responder.NextOfferAsync(contact.ContactId)).Summary);
        await clients.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = contact.ContactId });

        var owner = world.Gateway.As(HotlineHost.ResponderClaims("aysel"));
        await owner.Cases.AddNoteAsync(new AddNoteRequest { CaseId = contact.CaseId, Text = $"Note {marker}" });
        await owner.Cases.UpdateCaseFactsAsync(new UpdateCaseFactsRequest { CaseId = contact.CaseId, Consents = new Consents { ContactBack = true, SafeHours = $"Evenings {marker}" } });
        await owner.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest
        {
            CaseId = contact.CaseId, Kind = FollowUpKind.CallBack, DueAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)), Note = $"Follow {marker}",
        });
        await clients.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = contact.ContactId });

        // Those allowed read it back whole.
        var file = await world.Gateway.Staff.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId });
        Assert.Equal(($"Note {marker}", $"Evenings {marker}", $"Follow {marker}"), (file.Notes.Single().Text, file.Facts.Consents.SafeHours, file.FollowUps.Single().Note));
        Assert.Equal($"Leyla {marker}", (await world.Gateway.Staff.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId })).CallerName);

        await world.Postgres.CheckpointAsync();
        var dump = await world.Postgres.DumpAsync(world.Database);
        // The dump holds the rows (the case's id is in its index), just not the marker.
        Assert.Contains(contact.CaseId, dump, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(marker, dump, StringComparison.OrdinalIgnoreCase);
        var silo = world.Silos[0].Output;
        Assert.Contains("trce:", silo, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, silo, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(world.Postgres.DataDirectory, "pg_wal")));
        Canary.AssertNotInFiles(world.Postgres.DataDirectory, marker);
    }
}
