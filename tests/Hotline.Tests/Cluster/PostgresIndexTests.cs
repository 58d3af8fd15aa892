using System.Text;
using Hotline.Audit;
using Hotline.Cases;
using Hotline.Contacts;
using Hotline.Hosting;
using Hotline.Domain;
using Hotline.Retention;
using Hotline.Security;
using Hotline.Ports;
using Hotline.Storage;
using Hotline.Storage.Keys;
using Hotline.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hotline.Tests.Cluster;

/// <summary>One PostgreSQL server for the index tests; each test works in a database of its own.</summary>
public sealed class PostgresIndexServer : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

public sealed class PostgresIndexTests(PostgresIndexServer postgres) : IClassFixture<PostgresIndexServer>, IAsyncLifetime
{
    private const string Service = "hotline-test";
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly PersonalDataProtector KeyRing = new(new EphemeralDataProtectionProvider());
    private static readonly CaseSealer Sealer = new(
        new CaseKeyStore(Path.Combine(HotlineHost.NewDataDirectory(), "case-keys.db"), new EphemeralDataProtectionProvider()), KeyRing);

    // Exactly the storage table and schema-version table of Storage/Postgres/001-orleans.sql.
    private const string StorageTables = """
        CREATE TABLE IF NOT EXISTS OrleansStorage (grainidhash integer not null, grainidn0 bigint not null, grainidn1 bigint not null, graintypehash integer not null, graintypestring varchar(512) not null, grainidextensionstring varchar(512) not null default '', serviceid varchar(150) not null, payloadbinary bytea null, modifiedon timestamptz not null, version integer not null, primary key (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, grainidextensionstring, serviceid));
        CREATE TABLE IF NOT EXISTS HotlineSchemaVersion (component varchar primary key, version integer);
        """;

    private readonly string _sqliteFolder = HotlineHost.NewDataDirectory();
    private NpgsqlDataSource? _database;

    private NpgsqlDataSource Database => _database ?? throw new InvalidOperationException("The database has not been created.");

    public async Task InitializeAsync()
    {
        var name = $"idx_{Guid.NewGuid():N}";
        await postgres.Server.CreateDatabaseAsync(name);
        _database = NpgsqlDataSource.Create(postgres.Server.ConnectionString(name));
        await ApplySchemaAsync(Database);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        HotlineHost.TryDelete(_sqliteFolder);
    }

    [Fact]
    public async Task SchemaScriptsRunOnEveryStartKeepTheIndexAndRecordTheirVersions()
    {
        var contact = NewContact(Guid.NewGuid(), "baku", T0);
        await WriteAsync(Database, Grain.Contact(contact.ContactId), Json(contact));
        Assert.Equal(1L, await ScalarAsync(Database, "SELECT count(*) FROM HotlineCaseIndex"));

        await ApplySchemaAsync(Database);

        Assert.Equal(1L, await ScalarAsync(Database, "SELECT count(*) FROM HotlineOpenContact"));
        Assert.Equal(1L, await ScalarAsync(Database, "SELECT count(*) FROM HotlineAudit"));
        var cases = await new PostgresCaseIndex(Database, Service).List(Query() with { Limit = 10 });
        Assert.Equal([(contact.CaseId, "baku", CaseStatus.New, T0)], cases.Cases.Select(c => (c.CaseId, c.Region, c.Status, c.OpenedAt)));
        Assert.Equal("audit=2;cases=2;open-contacts=1", await ScalarAsync(Database,
            "SELECT string_agg(component || '=' || version, ';' ORDER BY component) FROM HotlineSchemaVersion WHERE component IN ('open-contacts', 'audit', 'cases')"));
    }

    [Fact]
    public async Task OpenContactsFollowAContactFromQueuedThroughConnectedToCompleted()
    {
        var openContacts = new PostgresOpenContacts(Database, Service);
        var contact = NewContact(Guid.NewGuid(), "baku", T0);
        var grain = Grain.Contact(contact.ContactId);

        await WriteAsync(Database, grain, Json(contact));
        Assert.Equal([contact.ContactId], (await openContacts.WaitingIn("baku", default)).Select(c => c.ContactId));
        Assert.Empty(await openContacts.WaitingIn("ganja", default));
        Assert.Empty(await openContacts.ConnectedTo("r1", default));

        Connect(contact, "r1", T0.AddMinutes(1));
        await WriteAsync(Database, grain, Json(contact));
        Assert.Empty(await openContacts.WaitingIn("baku", default));
        var connected = Assert.Single(await openContacts.ConnectedTo("r1", default));
        Assert.Equal((contact.ContactId, ContactStatus.Connected, "r1"), (connected.ContactId, connected.Status, connected.ResponderId));

        Complete(contact, T0.AddMinutes(9));
        await WriteAsync(Database, grain, Json(contact));
        Assert.Empty(await openContacts.WaitingIn("baku", default));
        Assert.Empty(await openContacts.ConnectedTo("r1", default));
        Assert.Equal(0L, await ScalarAsync(Database, "SELECT count(*) FROM HotlineOpenContact"));
    }

    [Fact]
    public async Task OpenContactsAreKeptPerServiceAndOnlyForContactGrains()
    {
        var openContacts = new PostgresOpenContacts(Database, Service);
        var ours = NewContact(Guid.NewGuid(), "baku", T0);
        var theirs = NewContact(Guid.NewGuid(), "baku", T0);
        var lookalike = NewContact(Guid.NewGuid(), "baku", T0);

        await WriteAsync(Database, Grain.Contact(ours.ContactId), Json(ours));
        await WriteAsync(Database, Grain.Contact(theirs.ContactId), Json(theirs), service: "another-hotline");
        await WriteAsync(Database, new Grain("responder", lookalike.ContactId), Json(lookalike));

        Assert.Equal([ours.ContactId], (await openContacts.WaitingIn("baku", default)).Select(c => c.ContactId));
        Assert.Equal(2L, await ScalarAsync(Database, "SELECT count(*) FROM HotlineOpenContact"));
    }

    [Fact]
    public async Task EveryContactOrCaseChangeAddsOneAuditLineAndReadsAreAppended()
    {
        var audit = new PostgresAuditLog(Database, Service);
        var contact = NewContact(Guid.NewGuid(), "baku", T0);
        var grain = Grain.Contact(contact.ContactId);
        await WriteAsync(Database, grain, Json(contact));
        Connect(contact, "r1", T0.AddMinutes(1));
        await WriteAsync(Database, grain, Json(contact));
        contact.Change = null;
        await WriteAsync(Database, grain, Json(contact));
        Complete(contact, T0.AddMinutes(9));
        await WriteAsync(Database, grain, Json(contact));
        var caseRecord = CaseRecord(contact.CaseId, "baku", CaseStatus.InProgress, "r1", T0.AddMinutes(10), null,
            new ContactChange(AuditActions.StatusChanged, "r1", "responder", T0.AddMinutes(10)));
        await WriteAsync(Database, Grain.Case(contact.CaseId), caseRecord);
        var read = new AuditEntry(contact.CaseId, contact.ContactId, T0.AddMinutes(11), "sup1", "supervisor", AuditActions.ContactRead);
        await audit.AppendAsync(read);

        var lines = await audit.ReadAsync(contact.CaseId);

        Assert.Equal(
            [
                new AuditEntry(contact.CaseId, contact.ContactId, T0, "op1", "operator", AuditActions.CaseOpened),
                new AuditEntry(contact.CaseId, contact.ContactId, T0.AddMinutes(1), "r1", "responder", AuditActions.ContactConnected),
                new AuditEntry(contact.CaseId, contact.ContactId, T0.AddMinutes(9), "r1", "responder", AuditActions.ContactCompleted),
                new AuditEntry(contact.CaseId, null, T0.AddMinutes(10), "r1", "responder", AuditActions.StatusChanged),
                read,
            ],
            lines);
        Assert.Empty(await audit.ReadAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task TheAuditRefusesUpdateDeleteAndTruncate()
    {
        var audit = new PostgresAuditLog(Database, Service);
        var caseId = Guid.NewGuid();
        await audit.AppendAsync(new AuditEntry(caseId, null, T0, "sup1", "supervisor", AuditActions.CaseRead));

        foreach (var change in new[] { "UPDATE HotlineAudit SET Actor = 'someone-else'", "DELETE FROM HotlineAudit", "TRUNCATE HotlineAudit" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(Database, change));
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        var line = Assert.Single(await audit.ReadAsync(caseId));
        Assert.Equal("sup1", line.Actor);
    }

    [Fact]
    public async Task APayloadThatIsNotJsonIsStoredAndIndexesNothing()
    {
        var binary = Grain.Contact(Guid.NewGuid());
        var brokenJson = Grain.Contact(Guid.NewGuid());
        var binaryCase = Grain.Case(Guid.NewGuid());
        byte[] broken = [(byte)'{', 0xff, 0xfe, (byte)'"'];

        await WriteAsync(Database, binary, [0x00, 0xff, 0x10, 0x7b]);
        await WriteAsync(Database, brokenJson, broken);
        await WriteAsync(Database, binaryCase, [0x01, 0x02]);
        await WriteAsync(Database, binary, [0x00, 0x01]);
        await WriteAsync(Database, brokenJson, Encoding.UTF8.GetBytes("{\"Status\": \"Queued\""));
        await WriteAsync(Database, binaryCase, null);

        Assert.Equal(3L, await ScalarAsync(Database, "SELECT count(*) FROM OrleansStorage WHERE version = 2"));
        Assert.Equal(0L, await ScalarAsync(Database,
            "SELECT (SELECT count(*) FROM HotlineOpenContact) + (SELECT count(*) FROM HotlineAudit) + (SELECT count(*) FROM HotlineCaseIndex)"));
    }

    [Fact]
    public async Task TheCaseIndexListsAndPagesAsTheEmbeddedIndexDoesForTheSameWrites()
    {
        var sqlite = await SqliteDatabaseAsync();
        var writes = CaseScenario(out var ids);
        await using (var connection = new HotlineSqliteConnection(sqlite.ConnectionString, SqliteSync.Normal))
        {
            await connection.OpenAsync();
            foreach (var (grain, payload) in writes)
            {
                await WriteAsync(Database, grain, payload);
                await WriteAsync(connection, grain, payload);
            }
        }

        var embedded = new SqliteCaseIndex(sqlite, Service);
        var cluster = new PostgresCaseIndex(Database, Service);
        CaseQuery[] queries =
        [
            Query(),
            Query() with { Regions = ["baku"] },
            Query() with { Regions = ["baku", "sumgait"] },
            Query() with { Regions = [] },
            Query() with { Statuses = [CaseStatus.New, CaseStatus.Assigned] },
            Query() with { Statuses = [CaseStatus.Closed] },
            Query() with { Regions = ["baku"], Statuses = [CaseStatus.New] },
            Query() with { Owner = "r1" },
            Query() with { OpenedBy = "op2" },
            Query() with { FollowUpDueBy = T0.AddHours(3) },
        ];
        foreach (var query in queries)
        {
            Assert.Equal(Flat(await AllPagesAsync(embedded, query)), Flat(await AllPagesAsync(cluster, query)));
        }

        var all = await AllPagesAsync(cluster, Query());
        Assert.Equal(
            [
                (ids.A, "baku", CaseStatus.InProgress, "r1", T0.AddMinutes(12)),
                (ids.B, "sumgait", CaseStatus.Assigned, "r2", T0.AddMinutes(6)),
                (ids.E, "baku", CaseStatus.Closed, null, T0.AddMinutes(3)),
                (ids.C, "baku", CaseStatus.New, null, T0.AddMinutes(1)),
                (ids.D, "baku", CaseStatus.New, null, T0.AddMinutes(1)),
            ],
            all.SelectMany(p => p.Cases).Select(c => (c.CaseId, c.Region, c.Status, c.Owner, c.LastActivityAt)));
        Assert.Equal([2, 2, 1], all.Select(p => p.Cases.Count));

        Assert.Equal(ids.A, await cluster.OpenCaseOfCaller("k1", "baku"));
        Assert.Equal(await embedded.OpenCaseOfCaller("k1", "baku"), await cluster.OpenCaseOfCaller("k1", "baku"));
        Assert.Null(await cluster.OpenCaseOfCaller("k2", "baku"));
        Assert.Null(await embedded.OpenCaseOfCaller("k2", "baku"));

        var due = await AllFollowUpsDueAsync(cluster, T0.AddDays(2));
        Assert.Equal([ids.C, ids.A], due.Select(d => d.CaseId));
        Assert.Equal(await AllFollowUpsDueAsync(embedded, T0.AddDays(2)), due);
        Assert.Equal([ids.C], (await cluster.FollowUpsDue(T0.AddHours(3), null, 10)).Select(d => d.CaseId));
    }

    [Fact]
    public async Task RetentionCandidatesAreCasesWhoseContactsAllEndedBeforeTheCutoffWithPersonalDataLeft()
    {
        var cutoff = T0.AddDays(1);
        var writes = new List<(Grain, byte[]?)>();
        Guid Case(params (DateTimeOffset? EndedAt, bool Erased)[] contacts)
        {
            var caseId = Guid.NewGuid();
            for (var i = 0; i < contacts.Length; i++)
            {
                var contact = NewContact(caseId, "baku", T0);
                contact.ContactId = i == 0 ? caseId : Guid.NewGuid();
                contact.Status = contacts[i].EndedAt is null ? ContactStatus.Connected : ContactStatus.Completed;
                contact.EndedAt = contacts[i].EndedAt;
                contact.ErasedAt = contacts[i].Erased ? contacts[i].EndedAt : null;
                writes.Add((Grain.Contact(contact.ContactId), Json(contact)));
            }

            return caseId;
        }

        var endedBefore = Case((T0, false), (T0.AddHours(1), false));
        var oneStillOpen = Case((T0, false), (null, false));
        var endedAfter = Case((T0, false), (cutoff.AddDays(1), false));
        var allErased = Case((T0, true), (T0.AddHours(1), true));
        var partlyErased = Case((T0, true), (T0.AddHours(1), false));
        var endedBeforeInAnotherZone = Case((cutoff.AddMinutes(-30).ToOffset(TimeSpan.FromHours(4)), false));
        var endedAfterInAnotherZone = Case((cutoff.AddMinutes(1).ToOffset(TimeSpan.FromHours(-5)), false));
        writes.Add((Grain.Contact(Guid.NewGuid()), [0x00, 0x01]));
        writes.Add((Grain.Case(endedAfter), CaseRecord(endedAfter, "baku", CaseStatus.Closed, null, T0, null, null)));

        var sqlite = await SqliteDatabaseAsync();
        await using (var connection = new HotlineSqliteConnection(sqlite.ConnectionString, SqliteSync.Normal))
        {
            await connection.OpenAsync();
            foreach (var (grain, payload) in writes)
            {
                await WriteAsync(Database, grain, payload);
                await WriteAsync(connection, grain, payload);
            }
        }

        var found = await new PostgresRetentionCandidates(Database, Service).CasesEndedBefore(cutoff, default);

        Assert.Equal(new[] { endedBefore, partlyErased, endedBeforeInAnotherZone }.Order(), found.Order());
        var embedded = await new SqliteRetentionCandidates(sqlite.ConnectionString, Service).CasesEndedBefore(cutoff, default);
        Assert.Equal(embedded.Order(), found.Order());
        Assert.DoesNotContain(oneStillOpen, found);
        Assert.DoesNotContain(endedAfter, found);
        Assert.DoesNotContain(allErased, found);
        Assert.DoesNotContain(endedAfterInAnotherZone, found);
        Assert.Empty(await new PostgresRetentionCandidates(Database, "another-hotline").CasesEndedBefore(cutoff, default));
    }

    [Fact]
    public async Task AfterAnErasureTheScrubRemovesEveryEarlierVersionOfTheRecord()
    {
        var marker = await WriteAndEraseAsync();
        Assert.Equal(2L, await RowVersionsHoldingAsync(marker));

        using var scrub = new PostgresErasureScrub(Database, NullLogger<PostgresErasureScrub>.Instance);
        Assert.True(await scrub.AfterErasureAsync());

        Assert.Equal(0L, await RowVersionsHoldingAsync(marker));
        Assert.True(await scrub.RetryPendingAsync());
        Assert.Equal(21L, await ScalarAsync(Database, "SELECT count(*) FROM OrleansStorage"));
    }

    /// <summary>Twenty other contacts, then one written twice with sealed fields and once erased; returns what its sealed fields held.</summary>
    private async Task<string> WriteAndEraseAsync()
    {
        const string marker = "SEALED-PERSONAL-FIELDS-0b7e";
        for (var i = 0; i < 20; i++)
        {
            var other = NewContact(Guid.NewGuid(), "ganja", T0);
            await WriteAsync(Database, Grain.Contact(other.ContactId), Json(other));
        }

        var contact = NewContact(Guid.NewGuid(), "baku", T0);
        contact.Sealed = marker;
        var grain = Grain.Contact(contact.ContactId);
        await WriteAsync(Database, grain, Json(contact));
        Complete(contact, T0.AddMinutes(5));
        await WriteAsync(Database, grain, Json(contact));
        contact.Sealed = null;
        contact.ErasedAt = T0.AddDays(40);
        contact.Change = new ContactChange(AuditActions.ContactErased, "retention", "admin", T0.AddDays(40));
        await WriteAsync(Database, grain, Json(contact));
        return marker;
    }

    /// <summary>How many row versions in the storage table's pages, live or dead, hold <paramref name="text"/>.</summary>
    private async Task<long> RowVersionsHoldingAsync(string text)
    {
        await ExecuteAsync(Database, "CREATE EXTENSION IF NOT EXISTS pageinspect");
        await using var command = Database.CreateCommand("""
            SELECT count(*)
            FROM generate_series(0, (pg_relation_size('orleansstorage') / current_setting('block_size')::bigint - 1)::int) AS page,
                 LATERAL heap_page_items(get_raw_page('orleansstorage', page)) AS item
            WHERE item.t_data IS NOT NULL AND position(@text IN item.t_data) > 0
            """);
        command.Parameters.AddWithValue("text", Encoding.UTF8.GetBytes(text));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Cases A to E: A connected, completed and then worked on with a follow-up due in a day;
    /// B transferred to another region and accepted; C with a follow-up due in two hours;
    /// D erased; E closed. C, D and B's first contact share one activity time.
    /// </summary>
    private static List<(Grain Grain, byte[]? Payload)> CaseScenario(out (Guid A, Guid B, Guid C, Guid D, Guid E) ids)
    {
        ids = (Guid.Parse("0aaaaaaa-0000-4000-8000-000000000001"), Guid.Parse("b0000000-0000-4000-8000-000000000002"),
            Guid.Parse("c0000000-0000-4000-8000-000000000003"), Guid.Parse("0d000000-0000-4000-8000-000000000004"),
            Guid.Parse("e0000000-0000-4000-8000-000000000005"));
        var writes = new List<(Grain, byte[]?)>();
        void Write(ContactState contact) => writes.Add((Grain.Contact(contact.ContactId), Json(contact)));

        var a = NewContact(ids.A, "baku", T0.AddMinutes(1), callerKey: "k1");
        Write(a);
        Connect(a, "r1", T0.AddMinutes(2));
        Write(a);
        Complete(a, T0.AddMinutes(10));
        Write(a);
        writes.Add((Grain.Case(ids.A), CaseRecord(ids.A, "baku", CaseStatus.InProgress, "r1", T0.AddMinutes(12), T0.AddDays(1),
            new ContactChange(AuditActions.FollowUpScheduled, "r1", "responder", T0.AddMinutes(12)))));

        var b = NewContact(ids.B, "ganja", T0.AddMinutes(1));
        Write(b);
        var transfer = NewContact(ids.B, "ganja", T0.AddMinutes(5));
        transfer.ContactId = Guid.Parse("b1000000-0000-4000-8000-000000000006");
        transfer.Kind = WorkKind.Transfer;
        transfer.TransferRegion = "sumgait";
        transfer.Change = new ContactChange(AuditActions.TransferRequested, "r9", "responder", T0.AddMinutes(5));
        Write(transfer);
        Connect(transfer, "r2", T0.AddMinutes(6));
        transfer.Change = transfer.Change with { Action = AuditActions.TransferAccepted };
        Write(transfer);

        var c = NewContact(ids.C, "baku", T0.AddMinutes(1), openedBy: "op2");
        Write(c);
        writes.Add((Grain.Case(ids.C), CaseRecord(ids.C, "baku", null, null, T0.AddMinutes(1), T0.AddHours(2),
            new ContactChange(AuditActions.FollowUpScheduled, "op2", "operator", T0.AddMinutes(1)))));

        var d = NewContact(ids.D, "baku", T0.AddMinutes(1), callerKey: "k2");
        Write(d);
        d.Status = ContactStatus.Abandoned;
        d.EndedAt = T0.AddMinutes(2);
        d.ErasedAt = T0.AddMinutes(20);
        d.CallerKey = null;
        d.Change = new ContactChange(AuditActions.ContactErased, "admin1", "admin", T0.AddMinutes(20));
        Write(d);

        var e = NewContact(ids.E, "baku", T0.AddMinutes(3), callerKey: "k1");
        Write(e);
        writes.Add((Grain.Case(ids.E), CaseRecord(ids.E, "baku", CaseStatus.Closed, null, T0.AddMinutes(3), null,
            new ContactChange(AuditActions.CaseClosed, "sup1", "supervisor", T0.AddMinutes(3)))));
        return writes;
    }

    private static CaseQuery Query() => new(null, null, null, null, null, null, Limit: 2);

    private static async Task<List<CasePage>> AllPagesAsync(ICaseIndex index, CaseQuery query)
    {
        var pages = new List<CasePage>();
        for (var page = await index.List(query); ; page = await index.List(query with { After = page.Next }))
        {
            pages.Add(page);
            if (page.Next is null || pages.Count > 10)
            {
                return pages;
            }
        }
    }

    /// <summary>Pages as one sequence of listings, each page followed by where the next begins, to compare by value.</summary>
    private static List<object> Flat(List<CasePage> pages) =>
        [.. pages.SelectMany(p => p.Cases.Cast<object>().Append(p.Next ?? (object)"last page"))];

    private static async Task<List<DueFollowUp>> AllFollowUpsDueAsync(ICaseIndex index, DateTimeOffset now)
    {
        var due = new List<DueFollowUp>();
        while (due.Count < 10)
        {
            var page = await index.FollowUpsDue(now, due.LastOrDefault(), limit: 1);
            if (page.Count == 0)
            {
                break;
            }

            due.AddRange(page);
        }

        return due;
    }

    private static ContactState NewContact(Guid caseId, string region, DateTimeOffset at, string? callerKey = null, string openedBy = "op1") => new()
    {
        CaseId = caseId,
        ContactId = caseId,
        Region = region,
        Status = ContactStatus.Queued,
        ReceivedAt = at,
        OpenedBy = openedBy,
        CallerKey = callerKey,
        Change = new ContactChange(AuditActions.CaseOpened, openedBy, "operator", at),
    };

    private static void Connect(ContactState contact, string responderId, DateTimeOffset at)
    {
        contact.Status = ContactStatus.Connected;
        contact.ResponderId = responderId;
        contact.ConnectedAt = at;
        contact.Change = new ContactChange(AuditActions.ContactConnected, responderId, "responder", at);
    }

    private static void Complete(ContactState contact, DateTimeOffset at)
    {
        contact.Status = ContactStatus.Completed;
        contact.EndedAt = at;
        contact.Change = new ContactChange(AuditActions.ContactCompleted, contact.ResponderId ?? "r0", "responder", at);
    }

    private static byte[] Json(ContactState contact) => ContactRecordJson.Serialize(contact, Sealer);

    private static byte[] CaseRecord(Guid caseId, string region, CaseStatus? status, string? owner, DateTimeOffset lastActivity, DateTimeOffset? nextFollowUp, ContactChange? change) =>
        CaseRecordJson.Serialize(
            new CaseState
            {
                Status = status,
                Change = change,
                Header = new CaseIndexHeader(caseId, region, status, owner, lastActivity.ToUnixTimeMilliseconds(), nextFollowUp?.ToUnixTimeMilliseconds(), CaseOwnership.RoutingStatus(owner)),
            },
            sealedBody: [0x5e, 0xa1, 0xed]);

    private static async Task ApplySchemaAsync(NpgsqlDataSource database)
    {
        await ExecuteAsync(database, StorageTables);
        var assembly = typeof(PostgresCaseIndex).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal) && n.Contains(".Postgres.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            await using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            await ExecuteAsync(database, await reader.ReadToEndAsync());
        }
    }

    private async Task<HotlineSqliteDataSource> SqliteDatabaseAsync()
    {
        var connectionString = SqliteStore.ConnectionString(_sqliteFolder);
        await SqliteStore.ApplySchemaAsync(connectionString, CancellationToken.None);
        return new HotlineSqliteDataSource(connectionString, SqliteSync.Normal);
    }

    /// <summary>A grain's write as the storage provider makes it: the first inserts, the rest update the row.</summary>
    private static async Task WriteAsync(NpgsqlDataSource database, Grain grain, byte[]? payload, string service = Service)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO OrleansStorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
            VALUES (@hash, @n0, @n1, @typeHash, @type, '', @service, @payload, now(), 1)
            ON CONFLICT (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, grainidextensionstring, serviceid)
            DO UPDATE SET payloadbinary = excluded.payloadbinary, modifiedon = excluded.modifiedon, version = OrleansStorage.version + 1
            """);
        command.Parameters.AddWithValue("hash", grain.IdHash);
        command.Parameters.AddWithValue("n0", grain.N0);
        command.Parameters.AddWithValue("n1", grain.N1);
        command.Parameters.AddWithValue("typeHash", grain.TypeHash);
        command.Parameters.AddWithValue("type", grain.Type);
        command.Parameters.AddWithValue("service", service);
        command.Parameters.Add(new NpgsqlParameter("payload", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = (object?)payload ?? DBNull.Value });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WriteAsync(SqliteConnection connection, Grain grain, byte[]? payload)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
            VALUES ($hash, $n0, $n1, $typeHash, $type, '', $service, $payload, 'now', 1)
            ON CONFLICT (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString, ServiceId)
            DO UPDATE SET PayloadBinary = excluded.PayloadBinary, ModifiedOn = excluded.ModifiedOn, Version = OrleansStorage.Version + 1
            """;
        command.Parameters.AddWithValue("$hash", grain.IdHash);
        command.Parameters.AddWithValue("$n0", grain.N0);
        command.Parameters.AddWithValue("$n1", grain.N1);
        command.Parameters.AddWithValue("$typeHash", grain.TypeHash);
        command.Parameters.AddWithValue("$type", grain.Type);
        command.Parameters.AddWithValue("$service", Service);
        command.Parameters.Add("$payload", SqliteType.Blob).Value = (object?)payload ?? DBNull.Value;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>A storage row's key, as the provider derives it from a grain's identity.</summary>
    private sealed record Grain(string Type, Guid Id)
    {
        public static Grain Contact(Guid id) => new("contact", id);

        public static Grain Case(Guid id) => new("case", id);

        public int IdHash => BitConverter.ToInt32(Id.ToByteArray(), 0);

        public long N0 => BitConverter.ToInt64(Id.ToByteArray(), 0);

        public long N1 => BitConverter.ToInt64(Id.ToByteArray(), 8);

        public int TypeHash => Type switch { "contact" => 1, "case" => 2, _ => 3 };
    }
}
