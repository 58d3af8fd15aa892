using System.Text;
using Hotline.Api.V1;
using Hotline.Audit;
using Hotline.Storage;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;
using Npgsql;

namespace Hotline.Tests.Cluster;

/// <summary>
/// The audit's hash chains on PostgreSQL, in a database whose schema an owner role applied and
/// a runtime role uses, as deploy/cluster.sh sets it up: the runtime role may read and append to
/// the audit and nothing more; the owner can still edit it, and verification finds the edit.
/// </summary>
public sealed class PostgresAuditTests(PostgresIndexServer postgres) : IClassFixture<PostgresIndexServer>, IAsyncLifetime
{
    private const string Service = "hotline-test";
    private NpgsqlDataSource? _asOwner;
    private NpgsqlDataSource? _asRuntime;

    private NpgsqlDataSource AsOwner => _asOwner ?? throw new InvalidOperationException("not set up");

    private NpgsqlDataSource AsRuntime => _asRuntime ?? throw new InvalidOperationException("not set up");

    public async Task InitializeAsync()
    {
        var database = await OwnedDatabase.CreateAsync(postgres.Server);
        await PostgresStore.ApplySchemaAsync(database.AsOwner, CancellationToken.None, database.Runtime);
        _asOwner = NpgsqlDataSource.Create(database.AsOwner);
        _asRuntime = NpgsqlDataSource.Create(database.AsRuntime);
    }

    public async Task DisposeAsync()
    {
        foreach (var source in new[] { _asOwner, _asRuntime })
        {
            if (source is not null)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task LinesWrittenAsTheRuntimeRoleByTriggersAndAppendsVerify()
    {
        var audit = new PostgresAuditLog(AsRuntime, Service);
        var caseId = Guid.NewGuid();
        await WriteContactAsync(AsRuntime, caseId, "case_opened");
        await audit.AppendAsync(new AuditEntry(caseId, caseId, DateTimeOffset.UnixEpoch, "sup-1", "supervisor", AuditActions.CaseRead));
        await audit.AppendAllAsync([new AuditEntry(caseId, null, DateTimeOffset.UnixEpoch, "sup-1", "supervisor", AuditActions.CaseListed),
            new AuditEntry(Guid.NewGuid(), null, DateTimeOffset.UnixEpoch, "sup-1", "supervisor", AuditActions.CaseListed)]);
        await audit.AppendAsync(new RegionAuditEntry("baku", "r-1", DateTimeOffset.UnixEpoch, "r-1", "responder", "presence_available"));

        var result = await VerifyAsync(null);

        Assert.True(result.Intact, string.Join("; ", result.Breaks));
        Assert.Equal((3, 5L), (result.Chains, result.Lines));
        Assert.Equal(["case_opened", "case_read", "case_listed"], (await audit.ReadAsync(caseId)).Select(l => l.Action));
        var staff = Assert.Single(await LinesAsync(AuditChain.OfRegion("baku")));
        Assert.Equal(("r-1", null, 1L), (staff.ResponderId, staff.CaseId, staff.Link));
    }

    [Fact]
    public async Task ConcurrentWritersOfOneChainNumberItWithoutGapOrFork()
    {
        var audit = new PostgresAuditLog(AsRuntime, Service);
        var caseId = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => i % 4 == 0
            ? WriteContactAsync(AsRuntime, caseId, "contact_linked", Guid.NewGuid())
            : audit.AppendAsync(new AuditEntry(caseId, null, DateTimeOffset.UnixEpoch.AddSeconds(i), $"r-{i}", "responder", AuditActions.CaseRead))));

        var result = await VerifyAsync(AuditChain.OfCase(caseId));
        Assert.True(result.Intact, string.Join("; ", result.Breaks));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), (await LinesAsync(AuditChain.OfCase(caseId))).Select(l => l.Link));
    }

    [Fact]
    public async Task AnEditByTheOwnerRoleIsFoundAtTheEditedLine()
    {
        var audit = new PostgresAuditLog(AsRuntime, Service);
        var caseId = Guid.NewGuid();
        for (var i = 0; i < 4; i++)
        {
            await audit.AppendAsync(new AuditEntry(caseId, null, DateTimeOffset.UnixEpoch.AddMinutes(i), "sup-1", "supervisor", AuditActions.CaseRead));
        }

        var third = (await LinesAsync(AuditChain.OfCase(caseId)))[2];
        await ExecuteAsync(AsOwner, $"""
            ALTER TABLE HotlineAudit DISABLE TRIGGER HotlineAuditNoUpdate;
            UPDATE HotlineAudit SET Actor = 'someone-else' WHERE Seq = {third.Seq};
            ALTER TABLE HotlineAudit ENABLE TRIGGER HotlineAuditNoUpdate;
            """);

        var broken = Assert.Single((await VerifyAsync(null)).Breaks);
        Assert.Equal((AuditChain.OfCase(caseId), 3L, third.Seq), (broken.Chain, broken.Link, broken.Seq));
    }

    [Fact]
    public async Task TheRuntimeRoleCannotChangeTheAuditNorItsTriggersNorTheTable()
    {
        var audit = new PostgresAuditLog(AsRuntime, Service);
        var caseId = Guid.NewGuid();
        await audit.AppendAsync(new AuditEntry(caseId, null, DateTimeOffset.UnixEpoch, "sup-1", "supervisor", AuditActions.CaseRead));

        foreach (var sql in new[]
        {
            "UPDATE HotlineAudit SET Actor = 'someone-else'",
            "DELETE FROM HotlineAudit",
            "TRUNCATE HotlineAudit",
            "ALTER TABLE HotlineAudit DISABLE TRIGGER HotlineAuditNoUpdate",
            "ALTER TABLE HotlineAudit DROP COLUMN Hash",
            "DROP TRIGGER HotlineAuditNoUpdate ON HotlineAudit",
            "DROP TRIGGER HotlineAuditChained ON HotlineAudit",
            "CREATE OR REPLACE FUNCTION hotline_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
            "DROP TABLE HotlineAudit",
        })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(AsRuntime, sql));
            Assert.True(refused.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {refused.SqlState} {refused.MessageText}");
        }

        // A hash the inserter supplies is not the one kept: the trigger computes it.
        await ExecuteAsync(AsRuntime, $"INSERT INTO HotlineAudit (ServiceId, CaseId, At, Actor, Role, Action, Chain, Link, Hash) VALUES ('{Service}', '{caseId}', '2026-01-01T00:00:00.0000000+00:00', 'x', 'y', 'z', '{caseId}', 7, 'forged')");
        Assert.Equal([1L, 2L], (await LinesAsync(AuditChain.OfCase(caseId))).Select(l => l.Link));
        Assert.True((await VerifyAsync(null)).Intact);
        Assert.Equal("sup-1", (await audit.ReadAsync(caseId))[0].Actor);
    }

    private Task<AuditVerification> VerifyAsync(string? chain) => AuditChain.VerifyAsync(PostgresAuditLog.LinesAsync(AsOwner, chain));

    private async Task<List<AuditLine>> LinesAsync(string chain)
    {
        var lines = new List<AuditLine>();
        await foreach (var line in PostgresAuditLog.LinesAsync(AsOwner, chain))
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>A contact grain's row as the storage provider writes it, carrying a change: its audit line comes from the trigger.</summary>
    private static async Task WriteContactAsync(NpgsqlDataSource database, Guid caseId, string action, Guid? contactId = null)
    {
        var contact = contactId ?? caseId;
        var json = $$$"""{"CaseId":"{{{caseId}}}","ContactId":"{{{contact}}}","Region":"baku","Status":"Queued","Change":{"Action":"{{{action}}}","By":"op-1","Role":"operator","At":"2026-01-01T00:00:00.0000000+00:00"}}""";
        await using var command = database.CreateCommand("""
            INSERT INTO OrleansStorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
            VALUES (@hash, 0, 0, 1, 'contact', @key, @service, @payload, now(), 1)
            """);
        command.Parameters.AddWithValue("hash", contact.GetHashCode());
        command.Parameters.AddWithValue("key", contact.ToString());
        command.Parameters.AddWithValue("service", Service);
        command.Parameters.AddWithValue("payload", Encoding.UTF8.GetBytes(json));
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
