using System.Text;
using Hotline.Access;
using Hotline.Api.V1;
using Hotline.Cases;
using Hotline.Retention;
using Hotline.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Security;

/// <summary>An erasure leaves nothing of the erased fields in the database's files, not even their ciphertext.</summary>
public sealed class ErasureOnDiskTests
{
    [Fact]
    public async Task ErasedFieldsLeaveNoCiphertextOrCallerHashInAnyDatabaseFile()
    {
        var data = HotlineHost.NewDataDirectory();
        try
        {
            string sealedText, callerKey;
            await using (var host = await HotlineHost.StartAsync(data))
            {
                var request = Requests.Contact("AZ-ISM", "lez");
                request.CallerName = "Leyla";
                request.Callback = "After 18:00 only";
                request.CallerReference = "+994 50 000 00 00";
                var contact = await host.As(People.OperatorIn).Intake.OpenContactAsync(request);
                await host.As(People.OperatorIn).Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = contact.ContactId });
                var (storedSeal, storedKey) = await StoredAsync(host.DatabaseFile, contact.ContactId);
                sealedText = Assert.IsType<string>(storedSeal);
                callerKey = Assert.IsType<string>(storedKey);

                await host.As(People.Admin).Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = contact.CaseId });

                Assert.Equal((null, null), await StoredAsync(host.DatabaseFile, contact.ContactId));
            }

            var files = Directory.GetFiles(data, "hotline.db*");
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var bytes = File.ReadAllBytes(file);
                foreach (var gone in new[] { sealedText[..48], callerKey })
                {
                    Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(gone)) < 0, $"{Path.GetFileName(file)} still holds an erased value");
                }
            }
        }
        finally
        {
            HotlineHost.TryDelete(data);
        }
    }

    [Fact]
    public async Task AReaderHoldingTheLogDelaysTheScrubUntilTheNextSweepFinishesIt()
    {
        await using var host = await HotlineHost.StartAsync();
        var request = Requests.Contact("AZ-ISM", "lez");
        request.CallerReference = "+994 50 111 11 11";
        var contact = await host.As(People.OperatorIn).Intake.OpenContactAsync(request);
        await host.As(People.OperatorIn).Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = contact.ContactId });
        var (_, callerKey) = await StoredAsync(host.DatabaseFile, contact.ContactId);

        await using (var reader = new SqliteConnection($"Data Source={host.DatabaseFile};Mode=ReadOnly"))
        {
            await reader.OpenAsync();
            await using var snapshot = reader.BeginTransaction();
            await using var select = reader.CreateCommand();
            select.Transaction = snapshot;
            select.CommandText = "SELECT COUNT(*) FROM OrleansStorage";
            await select.ExecuteScalarAsync();

            await host.As(People.Admin).Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = contact.CaseId });
            Assert.True(Holds(Path.Combine(host.DataDirectory, "hotline.db-wal"), callerKey!), "while the reader holds its snapshot the log keeps the old version");
        }

        await host.Services.GetRequiredService<RetentionSweeper>().SweepAsync();
        foreach (var file in Directory.GetFiles(host.DataDirectory, "hotline.db*"))
        {
            Assert.False(Holds(file, callerKey!), $"{Path.GetFileName(file)} still holds the erased caller hash");
        }
    }

    [Fact]
    public async Task ALinkWhoseContactWasNeverRecordedDoesNotKeepACaseFromErasure()
    {
        await using var host = await HotlineHost.StartAsync();
        var contact = await host.As(People.OperatorIn).Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez"));
        await host.As(People.OperatorIn).Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = contact.ContactId });
        // An intake that linked and then failed before writing its contact, never retried.
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<ICaseRouting>(Guid.Parse(contact.CaseId)).Link(Guid.NewGuid(), People.Region, new Caller("op-in", Roles.Operator, [People.Region], null));

        var erased = await host.As(People.Admin).Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = contact.CaseId });

        Assert.NotNull(erased.ErasedAt);
        var file = await host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId });
        Assert.Equal([contact.ContactId], file.ContactIds);
        Assert.NotNull(file.ErasedAt);
    }

    private static bool Holds(string file, string value)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray().AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0;
    }

    private static async Task<(string? Sealed, string? CallerKey)> StoredAsync(string database, string contactId)
    {
        await using var db = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = """
            SELECT json_extract(p, '$.Sealed'), json_extract(p, '$.CallerKey')
            FROM (SELECT CAST(PayloadBinary AS TEXT) AS p FROM OrleansStorage WHERE GrainTypeString = 'contact')
            WHERE json_extract(p, '$.ContactId') = $id
            """;
        command.Parameters.AddWithValue("$id", contactId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }
}
