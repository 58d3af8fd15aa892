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

        await using (var connection = new SqliteConnection(connectionString))
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
