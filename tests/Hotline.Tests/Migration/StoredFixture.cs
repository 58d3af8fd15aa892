using System.Text.Json.Nodes;
using Google.Protobuf;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Migration;

/// <summary>
/// A storage fixture (tests/fixtures/NAME, made by tests/fixtures/make.sh with an earlier
/// version): its files, and what that version answered about the data it wrote.
/// </summary>
public sealed class StoredFixture
{
    private StoredFixture(string folder, JsonObject expected)
    {
        Folder = folder;
        Expected = expected;
    }

    public string Folder { get; }

    public JsonObject Expected { get; }

    /// <summary>When the earlier version wrote the data.</summary>
    public DateTimeOffset WrittenAt => DateTimeOffset.Parse((string)Expected["writtenAt"]!, System.Globalization.CultureInfo.InvariantCulture);

    public string ContactId(string name) => (string)Expected["contacts"]![name]!["contactId"]!;

    public static StoredFixture Load(string name, string database)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "fixtures", name, database);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "expected.json")))!.AsObject();
        return new StoredFixture(folder, expected);
    }

    /// <summary>Copies a folder of the fixture to a new temporary folder (the hotline writes to what it opens).</summary>
    public string CopyOf(string part)
    {
        var target = Path.Combine(Path.GetTempPath(), "hotline-fixture", Guid.NewGuid().ToString("N"));
        var source = Path.Combine(Folder, part);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        if (!OperatingSystem.IsWindows())
        {
            // Git keeps no file modes: restored as an administrator restores a hotline's
            // folders, for its own user only (a key folder others can read is refused).
            foreach (var folder in Directory.EnumerateDirectories(target, "*", SearchOption.AllDirectories).Append(target))
            {
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            foreach (var file in Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return target;
    }

    /// <summary>
    /// Every contact, case, responder, listing row and audit line the earlier version showed is
    /// shown the same now; the waiting contact is still queued and is offered when its
    /// responder comes back.
    /// </summary>
    public async Task AssertIntactAsync(HotlineClients staff, ResponderService.ResponderServiceClient responder)
    {
        foreach (var (name, contact) in Expected["contacts"]!.AsObject())
        {
            var now = await staff.Intake.GetContactAsync(new GetContactRequest { ContactId = (string)contact!["contactId"]! });
            AssertSame(contact, Json(now), $"contact '{name}'");
        }

        foreach (var (name, @case) in Expected["cases"]!.AsObject())
        {
            var now = await staff.Cases.GetCaseAsync(new GetCaseRequest { CaseId = (string)@case!["caseId"]! });
            AssertSame(@case, Json(now), $"case '{name}'");
        }

        foreach (var (id, profile) in Expected["responders"]!.AsObject())
        {
            var now = Json(await staff.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = id }));
            // Streams do not survive a restart: nobody is connected yet.
            profile!.AsObject().Remove("connected");
            AssertSame(profile, now, $"responder '{id}'");
        }

        var list = await staff.Cases.ListCasesAsync(new ListCasesRequest { Regions = { "mountainous-shirvan", "baku" }, PageSize = 50 });
        AssertSame(Expected["caseList"], WithoutRetentionDates(list), "the case list");
        var due = await staff.Cases.ListCasesAsync(new ListCasesRequest { Regions = { "mountainous-shirvan" }, FollowUpsDue = true, PageSize = 50 });
        AssertSame(Expected["followUpsDue"], WithoutRetentionDates(due), "the list of follow-ups due");

        var audit = await staff.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = (string)Expected["cases"]!["worked"]!["caseId"]! });
        var before = Expected["audit"]!["records"]!.AsArray();
        var after = Json(audit)["records"]!.AsArray();
        Assert.True(after.Count > before.Count, "reading the audit adds a line to it");
        for (var i = 0; i < before.Count; i++)
        {
            AssertSame(before[i], after[i], $"audit line {i}");
        }

        var waiting = ContactId("waiting");
        Assert.Equal(1, (await staff.Supervisor.GetQueueStatsAsync(new GetQueueStatsRequest { Regions = { "mountainous-shirvan" } })).Regions.Single().Waiting);
        await responder.SetPresenceAsync(new SetPresenceRequest { ResponderId = "fx-aysel", Presence = Presence.Available });
        await using var session = await ResponderSession.ConnectAsync(responder, "fx-aysel");
        var offer = await session.NextOfferAsync(waiting);
        Assert.Equal(waiting, offer.ContactId);

        // The index the earlier version kept goes on being kept: the accepted contact's case
        // is listed as assigned to its responder.
        await responder.AcceptOfferAsync(new OfferActionRequest { ResponderId = "fx-aysel", ContactId = waiting });
        var assigned = await staff.Cases.ListCasesAsync(new ListCasesRequest { Regions = { "mountainous-shirvan" }, OwnerResponderId = "fx-aysel", PageSize = 50 });
        var listed = Assert.Single(assigned.Cases, c => c.CaseId == offer.CaseId);
        Assert.Equal(CaseStatus.Assigned, listed.Status);
    }

    /// <summary>A listing as the earlier version showed it: it did not yet say when retention erases an open case.</summary>
    private static JsonNode WithoutRetentionDates(ListCasesResponse page)
    {
        foreach (var listed in page.Cases)
        {
            Assert.True(listed.Status is not (CaseStatus.InProgress or CaseStatus.Referred) || listed.RetentionErasesAt is not null);
            listed.RetentionErasesAt = null;
        }

        return Json(page);
    }

    private static JsonNode Json(IMessage message) => JsonNode.Parse(JsonFormatter.Default.Format(message))!;

    private static void AssertSame(JsonNode? expected, JsonNode? actual, string what) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{what} differs from what the earlier version showed:\nexpected {expected?.ToJsonString()}\nactual   {actual?.ToJsonString()}");
}
