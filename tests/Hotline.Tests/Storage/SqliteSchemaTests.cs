using Hotline.Hosting;
using Hotline.Ports;
using Hotline.Storage;
using Hotline.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Hotline.Tests.Storage;

public sealed class SqliteSchemaTests : IDisposable
{
    private readonly string _data = HotlineHost.NewDataDirectory();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        HotlineHost.TryDelete(_data);
    }

    [Fact]
    public async Task SchemaIsCreatedWhenMissingAndReapplyingKeepsTheData()
    {
        var connectionString = SqliteStore.ConnectionString(_data);
        await SqliteStore.ApplySchemaAsync(connectionString, CancellationToken.None);

        await using (var connection = new HotlineSqliteConnection(connectionString, SqliteSync.Normal))
        {
            await connection.OpenAsync();
            await Execute(connection, "INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, ServiceId, PayloadBinary, ModifiedOn, Version) VALUES (1, 2, 3, 4, 't', 's', x'01', 'now', 7)");
        }

        await SqliteStore.ApplySchemaAsync(connectionString, CancellationToken.None);

        await using var reopened = new SqliteConnection(connectionString);
        await reopened.OpenAsync();
        Assert.Equal(7L, await Scalar(reopened, "SELECT Version FROM OrleansStorage WHERE GrainIdHash = 1"));
        Assert.Equal(3L, await Scalar(reopened, "SELECT COUNT(*) FROM OrleansQuery WHERE QueryKey IN ('WriteToStorageKey', 'ReadFromStorageKey', 'ClearStorageKey')"));
        Assert.Equal("wal", await Scalar(reopened, "PRAGMA journal_mode"));
    }

    [Theory]
    [InlineData(SqliteSync.Normal, "PRAGMA synchronous = NORMAL;")]
    [InlineData(SqliteSync.Full, "PRAGMA synchronous = FULL;")]
    public async Task CommittingQueriesCarryTheChosenSynchronousSettingOnceAfterRepeatedStarts(SqliteSync sync, string pragma)
    {
        var connectionString = SqliteStore.ConnectionString(_data);
        await SqliteStore.ApplySchemaAsync(connectionString, CancellationToken.None, SqliteSync.Full);
        await SqliteStore.ApplySchemaAsync(connectionString, CancellationToken.None, sync);

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        foreach (var key in new[] { "WriteToStorageKey", "ClearStorageKey" })
        {
            var text = (string)(await Scalar(connection, $"SELECT QueryText FROM OrleansQuery WHERE QueryKey = '{key}'"))!;
            Assert.StartsWith(pragma, text, StringComparison.Ordinal);
            Assert.Equal(1, text.Split("PRAGMA").Length - 1);
        }

        var read = (string)(await Scalar(connection, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'ReadFromStorageKey'"))!;
        Assert.DoesNotContain("PRAGMA", read, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOpenContactsIndexFollowsContactRowsAndIgnoresOtherGrains()
    {
        var connectionString = SqliteStore.ConnectionString(_data);
        await SqliteStore.ApplySchemaAsync(connectionString, CancellationToken.None);
        await using var connection = new HotlineSqliteConnection(connectionString, SqliteSync.Normal);
        await connection.OpenAsync();

        const string insert = "INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, ServiceId, PayloadBinary, ModifiedOn, Version) VALUES";
        await Execute(connection, $"{insert} (1, 1, 1, 1, 'contact', 's', CAST('{{\"Region\":\"baku\",\"Status\":\"Queued\"}}' AS BLOB), 'now', 1)");
        await Execute(connection, $"{insert} (2, 2, 2, 2, 'responder', 's', CAST('{{\"Region\":\"baku\",\"Status\":\"Queued\"}}' AS BLOB), 'now', 1)");
        await Execute(connection, $"{insert} (3, 3, 3, 1, 'contact', 's', x'00ff', 'now', 1)");
        Assert.Equal("baku|Queued|", await Scalar(connection, "SELECT group_concat(Region || '|' || Status || '|' || COALESCE(ResponderId, ''), ';') FROM HotlineOpenContact"));

        await Execute(connection, "UPDATE OrleansStorage SET PayloadBinary = CAST('{\"Region\":\"baku\",\"Status\":\"Connected\",\"ResponderId\":\"r1\"}' AS BLOB) WHERE GrainIdHash = 1");
        Assert.Equal("baku|Connected|r1", await Scalar(connection, "SELECT group_concat(Region || '|' || Status || '|' || COALESCE(ResponderId, ''), ';') FROM HotlineOpenContact"));

        await Execute(connection, "UPDATE OrleansStorage SET PayloadBinary = CAST('{\"Region\":\"baku\",\"Status\":\"Completed\",\"ResponderId\":\"r1\"}' AS BLOB) WHERE GrainIdHash = 1");
        Assert.Equal(0L, await Scalar(connection, "SELECT COUNT(*) FROM HotlineOpenContact"));
    }

    [Fact]
    public async Task AFileWithStateFromBeforeTheOpenContactsIndexIsRefusedUntouched()
    {
        var connectionString = SqliteStore.ConnectionString(_data);
        Directory.CreateDirectory(_data);
        await using (var old = new SqliteConnection(connectionString))
        {
            await old.OpenAsync();
            await Execute(old, "CREATE TABLE OrleansStorage (GrainIdHash INTEGER, GrainTypeString TEXT, PayloadBinary BLOB)");
            await Execute(old, "INSERT INTO OrleansStorage VALUES (1, 'contact', x'00')");
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteStore.ApplySchemaAsync(connectionString, CancellationToken.None));
        Assert.Contains("new data folder", refused.Message, StringComparison.Ordinal);

        await using var reopened = new SqliteConnection(connectionString);
        await reopened.OpenAsync();
        Assert.Equal(0L, await Scalar(reopened, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('HotlineOpenContact', 'OrleansQuery')"));
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
