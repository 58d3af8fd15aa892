using System.Data;
using System.Net;
using System.Net.Sockets;
using Hotline.Ports;
using Hotline.Storage;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;

namespace Hotline.Tests.Cluster;

/// <summary>One PostgreSQL server for the schema tests; each test works in a database of its own.</summary>
public sealed class PostgresSchemaServer : IAsyncLifetime
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

public sealed class PostgresSchemaTests(PostgresSchemaServer postgres) : IClassFixture<PostgresSchemaServer>
{
    private const string Service = "schema-test";
    private static readonly TimeSpan HostTimeout = TimeSpan.FromSeconds(90);

    // Every query the 10.4.2 providers read: grain storage, clustering, reminders.
    private static readonly string[] QueryKeys =
    [
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task SchemaAppliesConcurrentlyOnANewDatabaseAndAgainOnEveryStart()
    {
        var connectionString = await NewDatabaseAsync();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => PostgresStore.ApplySchemaAsync(connectionString, CancellationToken.None))));
        await PostgresStore.ApplySchemaAsync(connectionString, CancellationToken.None);
        await PostgresStore.ApplySchemaAsync(connectionString, CancellationToken.None);

        await using var database = NpgsqlDataSource.Create(connectionString);
        var keys = await ReadAsync(database, "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey", r => r.GetString(0));
        Assert.Equal(QueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        var version = await ReadAsync(database, "SELECT version FROM HotlineSchemaVersion WHERE component = 'orleans'", r => r.GetInt32(0));
        Assert.Equal([1], version);
    }

    [Fact]
    public async Task StorageWriteRefusesAStaleVersionAndStoresAMissingExtensionAsEmpty()
    {
        var connectionString = await NewDatabaseAsync();
        await PostgresStore.ApplySchemaAsync(connectionString, CancellationToken.None);
        await using var database = NpgsqlDataSource.Create(connectionString);

        Assert.Equal(1, await StorageAsync(database, "WriteToStorageKey", version: null, [1]));
        Assert.Null(await StorageAsync(database, "WriteToStorageKey", version: null, [2]));
        Assert.Equal(2, await StorageAsync(database, "WriteToStorageKey", version: 1, [3]));
        Assert.Null(await StorageAsync(database, "WriteToStorageKey", version: 1, [4]));
        Assert.Null(await StorageAsync(database, "ClearStorageKey", version: 1));
        Assert.Equal(3, await StorageAsync(database, "ClearStorageKey", version: 2));

        var rows = await ReadAsync(database, "SELECT grainidextensionstring, payloadbinary IS NULL, version FROM OrleansStorage",
            r => (r.GetString(0), r.GetBoolean(1), r.GetInt32(2)));
        Assert.Equal([("", true, 3)], rows);
    }

    [Fact]
    public async Task SiloKeepsGrainStateAndRemindersInPostgresAcrossARestart()
    {
        var connectionString = await NewDatabaseAsync();
        await PostgresStore.ApplySchemaAsync(connectionString, CancellationToken.None);
        await using var database = NpgsqlDataSource.Create(connectionString);

        using (var first = await StartSiloAsync(connectionString))
        {
            var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<ISchemaProbeGrain>(7);
            await grain.SetNoteAsync("written by the first silo");
            await grain.RemindAsync();
            await StopAsync(first);
        }

        var reminders = await ReadAsync(database, "SELECT ReminderName, Period FROM OrleansRemindersTable WHERE ServiceId = 'schema-test'",
            r => (r.GetString(0), r.GetInt64(1)));
        Assert.Equal([(SchemaProbeGrain.Reminder, 60_000L)], reminders);

        using (var second = await StartSiloAsync(connectionString))
        {
            // Through a client that finds the silo's gateway in the membership table.
            using var client = await StartClientAsync(connectionString);
            var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<ISchemaProbeGrain>(7);
            Assert.Equal("written by the first silo", await grain.GetNoteAsync());
            await grain.SetNoteAsync("written by the second silo");
            Assert.Equal([SchemaProbeGrain.Reminder], await grain.ForgetAsync());

            var silos = await ReadAsync(database, "SELECT Status FROM OrleansMembershipTable ORDER BY StartTime", r => r.GetInt32(0));
            Assert.Equal([(int)SiloStatus.Dead, (int)SiloStatus.Active], silos);
            await StopAsync(client);
            await StopAsync(second);
        }

        var stored = await ReadAsync(database, "SELECT version FROM OrleansStorage WHERE graintypestring LIKE '%probe%'", r => r.GetInt32(0));
        Assert.Equal([2], stored);
        Assert.Empty(await ReadAsync(database, "SELECT 1 FROM OrleansRemindersTable", r => r.GetInt32(0)));
    }

    private async Task<string> NewDatabaseAsync()
    {
        var name = $"schema_{Guid.NewGuid():N}";
        await postgres.Server.CreateDatabaseAsync(name);
        return postgres.Server.ConnectionString(name);
    }

    private static async Task<IHost> StartSiloAsync(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (Service, Service));
            silo.ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort());
            silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (PostgresStore.Invariant, connectionString));
            silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (PostgresStore.Invariant, connectionString));
            silo.AddAdoNetGrainStorage(SchemaProbeGrain.Storage, o => (o.Invariant, o.ConnectionString) = (PostgresStore.Invariant, connectionString));
        });
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(HostTimeout);
        await host.StartAsync(timeout.Token);
        return host;
    }

    private static async Task<IHost> StartClientAsync(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (Service, Service));
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (PostgresStore.Invariant, connectionString));
        });
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(HostTimeout);
        await host.StartAsync(timeout.Token);
        return host;
    }

    private static async Task StopAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(HostTimeout);
        await host.StopAsync(timeout.Token);
    }

    /// <summary>Runs a grain-storage query as the provider does: the same parameters, with the same types.</summary>
    private static async Task<int?> StorageAsync(NpgsqlDataSource database, string queryKey, int? version, byte[]? payload = null)
    {
        var text = (await ReadAsync(database, $"SELECT QueryText FROM OrleansQuery WHERE QueryKey = '{queryKey}'", r => r.GetString(0))).Single();
        await using var command = database.CreateCommand(text);
        Add(command, "GrainIdHash", 12345, DbType.Int32);
        Add(command, "GrainIdN0", 0L, DbType.Int64);
        Add(command, "GrainIdN1", 7L, DbType.Int64);
        Add(command, "GrainTypeHash", -6789, DbType.Int32);
        Add(command, "GrainTypeString", "probe", DbType.String);
        Add(command, "GrainIdExtensionString", null, DbType.String);
        Add(command, "ServiceId", Service, DbType.String);
        Add(command, "GrainStateVersion", version, DbType.Int32);
        if (payload is not null)
        {
            Add(command, "PayloadBinary", payload, DbType.Binary);
        }

        return await command.ExecuteScalarAsync() is { } result ? Convert.ToInt32(result, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static void Add(NpgsqlCommand command, string name, object? value, DbType type) =>
        command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value) { DbType = type });

    private static async Task<List<T>> ReadAsync<T>(NpgsqlDataSource database, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var command = database.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public interface ISchemaProbeGrain : IGrainWithIntegerKey
{
    /// <summary>The note last written, or null.</summary>
    Task<string?> GetNoteAsync();

    /// <summary>Writes the note to grain storage.</summary>
    Task SetNoteAsync(string note);

    /// <summary>Registers the probe's reminder.</summary>
    Task RemindAsync();

    /// <summary>Unregisters every reminder of the grain and returns their names.</summary>
    Task<string[]> ForgetAsync();
}

[GenerateSerializer, Alias("hotline.tests.SchemaProbeState")]
public sealed class SchemaProbeState
{
    [Id(0)] public string? Note { get; set; }
}

/// <summary>A grain with persistent state (an integer key, so no key extension) and a reminder.</summary>
public sealed class SchemaProbeGrain([PersistentState("probe", SchemaProbeGrain.Storage)] IPersistentState<SchemaProbeState> state)
    : Grain, ISchemaProbeGrain, IRemindable
{
    public const string Storage = "schema-probe";
    public const string Reminder = "probe";

    public Task<string?> GetNoteAsync() => Task.FromResult(state.State.Note);

    public async Task SetNoteAsync(string note)
    {
        state.State.Note = note;
        await state.WriteStateAsync();
    }

    public Task RemindAsync() => this.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

    public async Task<string[]> ForgetAsync()
    {
        var reminders = await this.GetReminders();
        foreach (var reminder in reminders)
        {
            await this.UnregisterReminder(reminder);
        }

        return [.. reminders.Select(r => r.ReminderName)];
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
