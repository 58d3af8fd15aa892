using Hotline.Audit;
using Hotline.Retention;
using Hotline.Ports;
using Hotline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Hotline.Hosting;

/// <summary>
/// What differs between the embedded SQLite file and a cluster's PostgreSQL database for grain
/// state: the grain-storage provider, the schema, and the readers of the hotline's own index
/// tables (open contacts, audit, cases, retention). Cluster membership and reminders are the
/// host's (see AddHotlineSilo).
/// </summary>
public static class StorageWiring
{
    /// <summary>The ADO.NET invariant of Npgsql.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Grain state in the embedded SQLite file, its schema applied at start-up.</summary>
    public static void AddSqlite(ISiloBuilder silo, StorageOptions storage, string serviceId)
    {
        var connectionString = SqliteStore.ConnectionString(storage.DataDirectory);
        var database = new HotlineSqliteDataSource(connectionString, storage.Synchronous);
        silo.Services.TryAddSingleton(database);
        // The provider's own connections keep their prepared statements (see PreparedStatementDataSource).
        var prepared = new PreparedStatementDataSource(database);
        silo.Services.AddSingleton(_ => prepared);
        silo.AddAdoNetGrainStorage(StorageNames.Database, options =>
        {
            options.Invariant = SqliteStore.Invariant;
            options.DataSource = prepared;
        });

        silo.Services.TryAddSingleton<IOpenContacts>(new SqliteOpenContacts(connectionString, serviceId));
        silo.Services.TryAddSingleton<IAuditLog>(sp => new SqliteAuditLog(database, serviceId, sp.GetRequiredService<WriteGate>()));
        silo.Services.TryAddSingleton<IErasureScrub>(sp => ActivatorUtilities.CreateInstance<SqliteErasureScrub>(sp, database));
        silo.Services.TryAddSingleton<IRetentionCandidates>(new SqliteRetentionCandidates(connectionString, serviceId));
        silo.Services.TryAddSingleton<ICaseIndex>(new SqliteCaseIndex(database, serviceId));
        silo.AddStartupTask((_, ct) => SqliteStore.ApplySchemaAsync(connectionString, ct, storage.Synchronous), ServiceLifecycleStage.RuntimeInitialize);
    }

    /// <summary>Grain state and the hotline's indexes in the cluster's shared PostgreSQL database.</summary>
    public static void AddPostgres(ISiloBuilder silo, StorageOptions storage, string serviceId)
    {
        var connectionString = storage.ConnectionString;
        silo.AddAdoNetGrainStorage(StorageNames.Database, o => (o.Invariant, o.ConnectionString) = (PostgresInvariant, connectionString));

        var dataSource = NpgsqlDataSource.Create(connectionString);
        silo.Services.TryAddSingleton(dataSource);
        silo.Services.TryAddSingleton<IOpenContacts>(new PostgresOpenContacts(dataSource, serviceId));
        silo.Services.TryAddSingleton<IAuditLog>(new PostgresAuditLog(dataSource, serviceId));
        silo.Services.TryAddSingleton<IErasureScrub>(sp => ActivatorUtilities.CreateInstance<PostgresErasureScrub>(sp, dataSource));
        silo.Services.TryAddSingleton<IRetentionCandidates>(new PostgresRetentionCandidates(dataSource, serviceId));
        silo.Services.TryAddSingleton<ICaseIndex>(new PostgresCaseIndex(dataSource, serviceId));
        if (storage.ApplySchema)
        {
            silo.AddStartupTask((_, ct) => PostgresStore.ApplySchemaAsync(connectionString, ct, storage.RuntimeRole.Length > 0 ? storage.RuntimeRole : null),
                ServiceLifecycleStage.First);
        }
    }
}
