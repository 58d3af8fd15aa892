using System.Globalization;
using BenchmarkDotNet.Attributes;
using Hotline.Hosting;
using Hotline.Storage;
using Microsoft.Data.Sqlite;

namespace Hotline.Bench.Micro;

/// <summary>
/// The cost of chaining an audit line on the embedded file: a group commit of <see cref="Batch"/>
/// lines spread over <see cref="Chains"/> chains, as <c>SqliteAuditLog</c> writes them, through
/// the chaining view (each line reads its chain's last line and hashes), against the same lines
/// inserted into a table of audit version 1's shape (no chain), as version 1 wrote them.
/// </summary>
[MemoryDiagnoser]
public class AuditAppendBenchmarks : IDisposable
{
    private const int Batch = 200;
    private const string ServiceId = "hotline";

    private string _folder = null!;
    private HotlineSqliteDataSource _database = null!;
    private string[] _chains = null!;

    [Params(1, 100)]
    public int Chains { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"hotline-bench-audit-{Guid.NewGuid():N}");
        var connectionString = SqliteStore.ConnectionString(_folder);
        await SqliteStore.ApplySchemaAsync(connectionString, CancellationToken.None);
        _database = new HotlineSqliteDataSource(connectionString, SqliteSync.Normal);
        _chains = [.. Enumerable.Range(0, Chains).Select(_ => Guid.NewGuid().ToString())];
        await using var connection = (SqliteConnection)await _database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE AuditVersion1 (Seq INTEGER PRIMARY KEY, ServiceId TEXT NOT NULL, CaseId TEXT NOT NULL, ContactId TEXT NULL,
                At TEXT NOT NULL, Actor TEXT NOT NULL, Role TEXT NOT NULL, Action TEXT NOT NULL);
            CREATE INDEX AuditVersion1ByCase ON AuditVersion1 (ServiceId, CaseId, Seq);
            """;
        await command.ExecuteNonQueryAsync();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    public void Dispose()
    {
        _database?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public Task Unchained() => InsertAsync("""
        INSERT INTO AuditVersion1 (ServiceId, CaseId, ContactId, At, Actor, Role, Action)
        VALUES ($service, $chain, NULL, $at, 'sup-1', 'supervisor', 'case_read')
        """);

    [Benchmark(OperationsPerInvoke = Batch)]
    public Task Chained() => InsertAsync("""
        INSERT INTO HotlineAuditAppend (ServiceId, Chain, CaseId, ContactId, ResponderId, At, Actor, Role, Action)
        VALUES ($service, $chain, $chain, NULL, NULL, $at, 'sup-1', 'supervisor', 'case_read')
        """);

    private async Task InsertAsync(string sql)
    {
        await using var connection = (SqliteConnection)await _database.OpenConnectionAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", ServiceId);
        var chain = command.Parameters.Add("$chain", SqliteType.Text);
        command.Parameters.AddWithValue("$at", DateTimeOffset.UnixEpoch.ToString("O", CultureInfo.InvariantCulture));
        for (var i = 0; i < Batch; i++)
        {
            chain.Value = _chains[i % _chains.Length];
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
