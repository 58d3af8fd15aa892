using System.Data.Common;
using Hotline.Hosting;
using Hotline.Ports;
using Hotline.Storage;
using Hotline.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Hotline.Tests.Storage;

/// <summary>
/// The storage provider's connections are lent from a few long-lived ones that keep their
/// prepared statements; a statement that fails is prepared afresh, and two callers at once
/// never share a connection.
/// </summary>
public sealed class PreparedStatementTests : IAsyncLifetime
{
    private readonly string _folder = HotlineHost.NewDataDirectory();
    private PreparedStatementDataSource _source = null!;

    public async Task InitializeAsync()
    {
        var connectionString = SqliteStore.ConnectionString(_folder);
        await SqliteStore.ApplySchemaAsync(connectionString, CancellationToken.None);
        _source = new PreparedStatementDataSource(new HotlineSqliteDataSource(connectionString, SqliteSync.Normal));
    }

    public Task DisposeAsync()
    {
        _source.Dispose();
        HotlineHost.TryDelete(_folder);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AStatementIsPreparedOnceAndReusedByTheNextCommandWithItsText()
    {
        const string text = "SELECT QueryText FROM OrleansQuery WHERE QueryKey = $key";
        var (first, prepared) = await RunAsync(text, "WriteToStorageKey");
        var (second, again) = await RunAsync(text, "ReadFromStorageKey");

        Assert.Same(first, second);
        Assert.Same(prepared, again);
        Assert.Contains("INSERT INTO OrleansStorage", (string)(await ScalarAsync(text, "WriteToStorageKey"))!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedStatementIsPreparedAfreshAndTheConnectionStaysUsable()
    {
        const string insert = "INSERT INTO HotlineSchemaVersion (Component, Version) VALUES ($key, 1)";
        await ScalarAsync(insert, "test-component");

        await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync(insert, "test-component"));

        await ScalarAsync(insert, "another-component");
        Assert.Equal(2L, await ScalarAsync("SELECT COUNT(*) FROM HotlineSchemaVersion WHERE Component LIKE $key", "%-component"));
    }

    [Fact]
    public async Task TwoOpenConnectionsNeverShareOne()
    {
        await using var one = await _source.OpenConnectionAsync();
        await using var two = await _source.OpenConnectionAsync();

        Assert.NotSame(Lent(one), Lent(two));
        Assert.IsAssignableFrom<SqliteConnection>(one);
    }

    private async Task<(object Connection, SqliteCommand Statement)> RunAsync(string text, string key)
    {
        await using var connection = await _source.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        AddKey(command, key);
        command.CommandText = text;
        await command.ExecuteScalarAsync();
        return (Lent(connection), Lent(connection).CommandFor(text));
    }

    private async Task<object?> ScalarAsync(string text, string key)
    {
        await using var connection = await _source.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        AddKey(command, key);
        command.CommandText = text;
        return await command.ExecuteScalarAsync();
    }

    private static void AddKey(DbCommand command, string key)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$key";
        parameter.Value = key;
        command.Parameters.Add(parameter);
    }

    private static PreparedConnection Lent(DbConnection connection) => ((LentConnection)connection).Lent;
}
