using System.Net;
using Hotline.Audit;
using Hotline.Cases;
using Hotline.Queues;
using Hotline.Retention;
using Hotline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Configuration;

namespace Hotline.Hosting;

/// <summary>
/// What differs between the embedded silo on SQLite and a cluster member on PostgreSQL:
/// clustering, the grain-storage provider, reminders, and the readers of the hotline's own
/// index tables (open contacts, audit, cases, retention), which the same triggers keep in both.
/// </summary>
internal static class StorageWiring
{
    /// <summary>The ADO.NET invariant of Npgsql.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>One silo on localhost clustering, its state in the embedded SQLite file.</summary>
    public static void AddSqlite(ISiloBuilder silo, StorageOptions storage, ClusterSettings cluster)
    {
        silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);

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

        silo.Services.TryAddSingleton<IOpenContacts>(new SqliteOpenContacts(connectionString, cluster.ServiceId));
        silo.Services.TryAddSingleton<IAuditLog>(sp => new SqliteAuditLog(database, cluster.ServiceId, sp.GetRequiredService<WriteGate>()));
        silo.Services.TryAddSingleton<IErasureScrub>(sp => ActivatorUtilities.CreateInstance<SqliteErasureScrub>(sp, database));
        silo.Services.TryAddSingleton<IRetentionCandidates>(new SqliteRetentionCandidates(connectionString, cluster.ServiceId));
        silo.Services.TryAddSingleton<ICaseIndex>(new SqliteCaseIndex(database, cluster.ServiceId));
        silo.AddStartupTask((_, ct) => SqliteStore.ApplySchemaAsync(connectionString, ct, storage.Synchronous), ServiceLifecycleStage.RuntimeInitialize);
    }

    /// <summary>
    /// A member of a cluster: silos find each other (and gateways find silos) in the shared
    /// PostgreSQL database, where grain state, reminders and the hotline's indexes live too.
    /// </summary>
    public static void AddPostgres(ISiloBuilder silo, StorageOptions storage, ClusterSettings cluster)
    {
        var connectionString = storage.ConnectionString;
        silo.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster.ServiceId, cluster.ClusterId));
        silo.ConfigureEndpoints(AddressOf(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.ListenOnAnyAddress);
        silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (PostgresInvariant, connectionString));
        silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (PostgresInvariant, connectionString));
        silo.AddAdoNetGrainStorage(StorageNames.Database, o => (o.Invariant, o.ConnectionString) = (PostgresInvariant, connectionString));
        ClusterTimings.Apply(silo, cluster);

        var dataSource = NpgsqlDataSource.Create(connectionString);
        silo.Services.TryAddSingleton(dataSource);
        silo.Services.TryAddSingleton<IOpenContacts>(new PostgresOpenContacts(dataSource, cluster.ServiceId));
        silo.Services.TryAddSingleton<IAuditLog>(new PostgresAuditLog(dataSource, cluster.ServiceId));
        silo.Services.TryAddSingleton<IErasureScrub>(sp => ActivatorUtilities.CreateInstance<PostgresErasureScrub>(sp, dataSource));
        silo.Services.TryAddSingleton<IRetentionCandidates>(new PostgresRetentionCandidates(dataSource, cluster.ServiceId));
        silo.Services.TryAddSingleton<ICaseIndex>(new PostgresCaseIndex(dataSource, cluster.ServiceId));
        if (storage.ApplySchema)
        {
            silo.AddStartupTask((_, ct) => PostgresStore.ApplySchemaAsync(connectionString, ct), ServiceLifecycleStage.First);
        }

        // A dispatcher whose silo died comes back on a live one at the next wake-up.
        silo.Services.AddHostedService<DispatcherKeeper>();
    }

    /// <summary>An IP address, or a host name resolved to its first address.</summary>
    public static IPAddress AddressOf(string hostOrAddress) =>
        IPAddress.TryParse(hostOrAddress, out var address) ? address : Dns.GetHostAddresses(hostOrAddress).First();
}
