using System.Text;
using Google.Protobuf.WellKnownTypes;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotline.Tests.Security;

/// <summary>
/// A marker written into every free-text field of a contact and its case file (notes, safe
/// hours, a consent override, a follow-up note, a transfer reason) and as the caller's number must
/// not appear on disk (database, its log and index files, a dump of every table) nor in any
/// log line, at the most verbose level, yet must read back to those allowed to see it.
/// </summary>
public sealed class CanaryTests
{
    private static readonly string[] Verbose =
    [
        "--Logging:LogLevel:Default=Trace",
        "--Logging:LogLevel:Microsoft=Trace",
        "--Logging:LogLevel:Microsoft.AspNetCore=Trace",
        "--Logging:LogLevel:Orleans=Trace",
        "--Logging:LogLevel:Grpc=Trace",
    ];

    [Fact]
    public async Task MarkerInEveryPersonalFieldNeverReachesDiskOrLogs()
    {
        var marker = $"CANARY{Guid.NewGuid():N}";
        var logs = new CapturedLogs();
        var data = HotlineHost.NewDataDirectory();
        try
        {
            string contactId, caseId, transferId;
            await using (var host = await HotlineHost.StartAsync(data, null, b => CapturedLogs.AddVerbose(b, logs), Verbose))
            {
                var profile = Requests.Responder("aysel", People.Region);
                profile.DisplayName = $"Aysel {marker}";
                await using var responder = await host.OnlineResponderAsync(profile);

                var request = Requests.ContactCarrying(marker);
                var operatorIn = host.As(People.OperatorIn);
                var contact = await operatorIn.Intake.OpenContactAsync(request);
                (contactId, caseId) = (contact.ContactId, contact.CaseId);

                var offer = await responder.NextOfferAsync(contactId);
                Assert.Contains(marker, offer.Summary);
                await host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = contactId });
                await host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId });

                // The case file's free text: a note, safe hours, a consent override, a follow-up note, a transfer reason.
                var owner = host.As(HotlineHost.ResponderClaims("aysel"));
                await owner.Cases.AddNoteAsync(new AddNoteRequest { CaseId = caseId, Text = $"Note {marker}" });
                await host.Cases.UpdateCaseFactsAsync(new UpdateCaseFactsRequest { CaseId = caseId, Consents = new Consents { ContactBack = true, SafeHours = $"Evenings {marker}" } });
                await host.As(People.SupervisorIn).Cases.ReferAsync(new ReferRequest { CaseId = caseId, Service = ServiceType.LegalAid, OrganisationId = "bar-legal-aid", OverrideReason = $"Override {marker}" });
                await owner.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest
                {
                    CaseId = caseId, Kind = FollowUpKind.CallBack, DueAt = Timestamp.FromDateTimeOffset(host.Clock.GetUtcNow().AddDays(1)), Note = $"Follow {marker}",
                });
                transferId = (await owner.Cases.TransferAsync(new TransferRequest { CaseId = caseId, ToRegion = "baku", Reason = $"Moving {marker}" })).TransferId;
                await host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = contactId });

                await AssertRejectedRequestsKeepTheMarkerAsync(host, operatorIn, caseId, marker);
            }

            // After a restart the fields read back whole: encrypted, not lost.
            await using (var host = await HotlineHost.StartAsync(data, null, b => CapturedLogs.AddVerbose(b, logs), Verbose))
            {
                var read = await host.As(People.OperatorIn).Intake.GetContactAsync(new GetContactRequest { ContactId = contactId });
                Assert.Equal($"Passport held by employer {marker}", read.Summary);
                Assert.Equal($"Leyla {marker}", read.CallerName);
                Assert.Equal($"After 18:00 only, {marker}", read.Callback);
                var responder = await host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "aysel" });
                Assert.Equal($"Aysel {marker}", responder.DisplayName);
                var file = await host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId });
                Assert.Equal($"Note {marker}", file.Notes.Single().Text);
                Assert.Equal($"Evenings {marker}", file.Facts.Consents.SafeHours);
                Assert.Equal($"Override {marker}", file.Referrals.Single().ConsentOverrideReason);
                Assert.Equal($"Follow {marker}", file.FollowUps.Single().Note);
                Assert.Equal($"Moving {marker}", (await host.Intake.GetContactAsync(new GetContactRequest { ContactId = transferId })).Summary);
            }

            Assert.Contains(logs.Lines, l => l.StartsWith("Trace Orleans", StringComparison.Ordinal) || l.StartsWith("Debug Orleans", StringComparison.Ordinal));
            var leaks = logs.Lines.Where(l => l.Contains(marker, StringComparison.OrdinalIgnoreCase)).Select(l => l.Replace(marker, "<MARKER>", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(leaks.Count == 0, $"the marker is in {leaks.Count} log lines, the first: {leaks.FirstOrDefault()}");
            Assert.True(File.Exists(Path.Combine(data, "hotline.db")));
            Canary.AssertNotInFiles(data, marker);
            await AssertNotInDumpAsync(Path.Combine(data, "hotline.db"), marker);
        }
        finally
        {
            HotlineHost.TryDelete(data);
        }
    }

    /// <summary>
    /// Requests refused for a field that carries the marker (with a forged log line after a
    /// newline, as a hostile or careless caller might send): the refusal names the field and its
    /// rule but neither its detail nor its trailers carry what was sent, and no log line does
    /// (asserted over every log line at the end of the test).
    /// </summary>
    private static async Task AssertRejectedRequestsKeepTheMarkerAsync(HotlineHost host, HotlineClients operatorIn, string caseId, string marker)
    {
        var forged = $"Lahij, house of {marker}\nfail: Hotline[0] forged line\0";
        var tooLong = Requests.Contact("AZ-ISM");
        tooLong.Summary = new string('x', 2001) + marker;
        var badLocation = Requests.Contact(forged);
        var badLanguage = Requests.Contact("AZ-ISM", forged);
        var badSkill = Requests.Contact("AZ-ISM");
        badSkill.RequiredSkills.Add(forged);
        var badCase = Requests.Contact("AZ-ISM");
        badCase.CaseId = forged;
        var badResponder = Requests.Responder(forged, People.Region);
        var rejected = new (string Field, Func<Task> Call)[]
        {
            ("summary", () => operatorIn.Intake.OpenContactAsync(tooLong).ResponseAsync),
            ("location", () => operatorIn.Intake.OpenContactAsync(badLocation).ResponseAsync),
            ("language", () => operatorIn.Intake.OpenContactAsync(badLanguage).ResponseAsync),
            ("required_skills", () => operatorIn.Intake.OpenContactAsync(badSkill).ResponseAsync),
            ("case_id", () => operatorIn.Intake.OpenContactAsync(badCase).ResponseAsync),
            ("responder_id", () => host.Responders.UpsertResponderAsync(badResponder).ResponseAsync),
            ("contact_id", () => operatorIn.Intake.GetContactAsync(new GetContactRequest { ContactId = forged }).ResponseAsync),
            ("organisation_id", () => host.As(People.SupervisorIn).Cases.ReferAsync(new ReferRequest { CaseId = caseId, Service = ServiceType.Shelter, OrganisationId = forged }).ResponseAsync),
            ("region", () => host.Supervisor.MoveContactAsync(new MoveContactRequest { ContactId = caseId, Region = forged }).ResponseAsync),
            ("corrects_note_id", () => host.Cases.AddNoteAsync(new AddNoteRequest { CaseId = caseId, Text = "x", CorrectsNoteId = forged }).ResponseAsync),
        };
        foreach (var (field, call) in rejected)
        {
            var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(call);
            Assert.True(refused.StatusCode == Grpc.Core.StatusCode.InvalidArgument, $"{field}: {refused.StatusCode} {refused.Status.Detail}");
            var said = refused.Status.Detail + string.Concat(refused.Trailers.Select(t => t.IsBinary ? Encoding.UTF8.GetString(t.ValueBytes) : t.Value));
            Assert.Contains(field, said, StringComparison.Ordinal);
            Assert.DoesNotContain(marker, said, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("forged", said, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CallerNumberIsKeptOnlyAsAKeyedHashThatRecognisesTheSameCaller()
    {
        await using var host = await HotlineHost.StartAsync();
        var first = Requests.Contact("AZ-ISM", "lez");
        first.CallerReference = "+994 (50) 123-45-67";
        var second = Requests.Contact("AZ-ISM", "lez");
        second.CallerReference = "+994501234567";
        var third = Requests.Contact("AZ-ISM", "lez");
        third.CallerReference = "+994501234568";
        foreach (var request in new[] { first, second, third })
        {
            await host.Intake.OpenContactAsync(request);
        }

        await using var db = new SqliteConnection($"Data Source={host.DatabaseFile};Mode=ReadOnly");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT json_extract(p, '$.RequestId'), json_extract(p, '$.CallerKey') FROM (SELECT CAST(PayloadBinary AS TEXT) AS p FROM OrleansStorage WHERE GrainTypeString = 'contact')";
        var byRequest = new Dictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                byRequest[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var keys = new[] { first, second, third }.Select(r => byRequest[r.RequestId]).ToList();

        Assert.Equal(3, keys.Count);
        Assert.All(keys, k => Assert.Matches("^[0-9a-f]{64}$", k));
        Assert.Equal(keys[0], keys[1]);
        Assert.NotEqual(keys[0], keys[2]);
        // The number itself is not in the key (a random 64-digit hash may well hold "994" by chance).
        Assert.DoesNotContain(keys, k => k.Contains("501234567", StringComparison.Ordinal));
    }

    private static async Task AssertNotInDumpAsync(string database, string marker)
    {
        await using var db = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await db.OpenAsync();
        var tables = new List<string>();
        await using (var list = db.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("OrleansStorage", tables);
        var cells = 0;
        foreach (var table in tables)
        {
            await using var select = db.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var text = reader.GetValue(i) switch
                    {
                        byte[] blob => Encoding.UTF8.GetString(blob),
                        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    };
                    cells++;
                    Assert.DoesNotContain(marker, text, StringComparison.OrdinalIgnoreCase);
                }
            }
        }

        Assert.True(cells > 0);
    }
}
