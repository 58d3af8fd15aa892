using Hotline.Cases;
using Hotline.Contacts;
using Hotline.Queues;
using Hotline.Retention;
using Hotline.Security;
using Hotline.Storage;
using Hotline.Telemetry;
using Hotline.Topology;
using Hotline.Ports;
using Hotline.Storage.Keys;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hotline.Hosting;

/// <summary>The wiring every hotline silo shares, embedded in the gateway or on its own.</summary>
public static partial class HotlineSiloExtensions
{
    /// <summary>
    /// A hotline silo: with SQLite storage, a single silo on localhost clustering with grain
    /// state in the embedded file; with PostgreSQL, a member of a cluster found through the
    /// shared database (see <see cref="StorageWiring"/>). The schema is applied before the
    /// storage provider starts.
    /// </summary>
    public static ISiloBuilder AddHotlineSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.AddHotlineSiloTelemetry(configuration);
        WatchdogStartRace.Filter(silo.Services);
        if (DashboardSettings.IsEnabled(configuration))
        {
            silo.AddDashboard(o => o.HideTrace = true);
        }

        var cluster = ClusterSettings.From(configuration);
        if (StorageOptions.From(configuration) is { Provider: StorageProvider.Postgres } storage)
        {
            // Silos find each other (and gateways find silos) in the shared database, where
            // reminders live too.
            var connectionString = storage.ConnectionString;
            silo.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster.ServiceId, cluster.ClusterId));
            silo.ConfigureEndpoints(AddressOf(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.ListenOnAnyAddress);
            if (ClusterTransport.Resolve(configuration, embedded: false) is { } identity)
            {
                silo.UseHotlineTls(identity);
            }
            else
            {
                silo.Services.AddHostedService<InsecureTransportWarning>();
            }

            silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (StorageWiring.PostgresInvariant, connectionString));
            silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (StorageWiring.PostgresInvariant, connectionString));
            ClusterTimings.Apply(silo, cluster);

            // At most one activation of a grain among the cluster's live silos, through a silo's
            // death too: the strongly consistent directory (docs/architecture.md, "Failover").
            // Marked for evaluation (ORLEANSEXP003) but Orleans' directory of record since 9.0;
            // the eventually consistent one it replaces allows duplicates while silos die.
#pragma warning disable ORLEANSEXP003
            silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003

            // A dispatcher whose silo died comes back on a live one at the next wake-up.
            silo.Services.AddHostedService<DispatcherKeeper>();
        }
        else
        {
            // One silo on localhost clustering. Its silo port takes only its own certificate,
            // and it serves no Orleans clients unless gateways in Client mode are to attach.
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.AcceptClientGateways ? cluster.GatewayPort : 0, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            silo.UseHotlineTls(ClusterTransport.Resolve(configuration, embedded: true)!);
        }

        return silo.AddHotlineGrains(configuration, cluster.ServiceId);
    }

    /// <summary>
    /// The grains with their storage, keys and background work, on whatever cluster membership
    /// the host chose (a hotline silo's own, or the Orleans test cluster's). The schema is
    /// applied before the storage provider starts.
    /// </summary>
    public static ISiloBuilder AddHotlineGrains(this ISiloBuilder silo, IConfiguration configuration, string serviceId)
    {
        silo.Services.AddHotlineCore(configuration);
        silo.Services.AddHotlineSiloTelemetry(configuration);
        var storage = StorageOptions.From(configuration);
        if (storage.Provider == StorageProvider.Postgres)
        {
            StorageWiring.AddPostgres(silo, storage, serviceId);
        }
        else
        {
            StorageWiring.AddSqlite(silo, storage, serviceId);
        }

        // Personal data is encrypted before it reaches the database, with a key ring kept in
        // the silo's key folder (apart from the database; every silo of a cluster shares it),
        // itself encrypted with the key-ring certificate. Keys an earlier version wrote in the
        // clear are still read; every new one is written encrypted.
        var keys = SecurityOptions.KeyDirectoryOf(configuration);
        SecretFile.RequireOwnerOnly(keys);
        SecretFile.EnsureFolder(keys);
        SecretFile.EnsureFolder(SecurityOptions.DataProtectionFolder(keys));
        var keyRingCertificate = KeyRingCertificate.Resolve(configuration, embedded: storage.Provider != StorageProvider.Postgres);
        silo.Services.AddDataProtection()
            .SetApplicationName("hotline")
            .PersistKeysToFileSystem(new DirectoryInfo(SecurityOptions.DataProtectionFolder(keys)))
            .ProtectKeysWithCertificate(keyRingCertificate)
            .UnprotectKeysWithAnyCertificate(keyRingCertificate);
        silo.Services.TryAddSingleton<PersonalDataProtector>();
        silo.Services.TryAddSingleton(sp => new CaseKeyStore(SecurityOptions.CaseKeyFile(keys), sp.GetRequiredService<IDataProtectionProvider>(),
            storage.Provider == StorageProvider.Postgres ? SqliteSync.Full : storage.Synchronous));
        silo.Services.TryAddSingleton<ICaseKeys>(sp => sp.GetRequiredService<CaseKeyStore>());
        silo.Services.TryAddSingleton<CaseSealer>();
        // Callers are recognised by a keyed hash made here, on the silo: gateways never hold the key.
        // Phone numbers are made international under this country first ("0559381892" is "+994559381892").
        silo.Services.TryAddSingleton(new CallerKeys(SecretFile.ReadOrCreate(SecurityOptions.CallerKeyFile(keys)),
            configuration[CallerKeys.DefaultCountrySetting] ?? CallerKeys.DefaultCountry));

        // The Orleans binary serializer (compact, versioned by [Id], no type names in rows),
        // except contacts and cases, which are JSON the database indexes (Storage/*RecordJson).
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Database)
            .Configure<Serializer, PersonalDataProtector, CaseSealer>((options, serializer, keyRing, sealer) =>
                options.GrainStorageSerializer = new HotlineStorageSerializer(new OrleansGrainStorageSerializer(serializer), keyRing, sealer));
        silo.Services.TryAddSingleton<OpeningHoursSource>();
        silo.Services.TryAddSingleton<WriteGate>();
        silo.Services.TryAddSingleton<StorageCounters>();
        silo.Services.AddGrainStorage(StorageNames.Hotline, (sp, _) => new MeteredGrainStorage(
            sp.GetRequiredKeyedService<IGrainStorage>(StorageNames.Database), sp.GetRequiredService<StorageCounters>(), sp.GetRequiredService<WriteGate>()));

        silo.Services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.ClosedCases >= TimeSpan.FromDays(1), $"{RetentionOptions.Section}:ClosedCases must be at least one day")
            .Validate(o => o.SweepInterval >= TimeSpan.FromMinutes(1) && o.SweepInterval <= TimeSpan.FromDays(30), $"{RetentionOptions.Section}:SweepInterval must be from one minute to 30 days")
            .Validate(o => o.OpenCases >= TimeSpan.FromDays(30), $"{RetentionOptions.Section}:OpenCases must be at least 30 days")
            .Validate(o => o.ReviewNotice >= TimeSpan.FromDays(1) && o.ReviewNotice < o.OpenCases, $"{RetentionOptions.Section}:ReviewNotice must be at least one day and shorter than OpenCases")
            .ValidateOnStart();
        silo.Services.TryAddSingleton<RetentionSweeper>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());

        silo.Services.AddOptions<CaseLimits>().Bind(configuration.GetSection(CaseLimits.Section))
            .Validate(o => o.All().All(c => c.Value is >= 1 and <= 100_000), $"{CaseLimits.Section}: every cap must be from 1 to 100,000")
            .ValidateOnStart();
        silo.Services.AddOptions<FollowUpOptions>().Bind(configuration.GetSection(FollowUpOptions.Section))
            .Validate(o => o.PollInterval >= TimeSpan.FromSeconds(1) && o.PollInterval <= TimeSpan.FromMinutes(10), $"{FollowUpOptions.Section}:PollInterval must be from one second to ten minutes")
            .ValidateOnStart();
        silo.Services.TryAddSingleton<FollowUpScheduler>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<FollowUpScheduler>());

        silo.AddStartupTask(WakeDispatchersAsync);
        silo.AddStartupTask(RouteFollowUpsDueAsync);
        return silo;
    }

    /// <summary>Follow-ups that fell due while the hotline was down are routed as soon as it is up.</summary>
    private static async Task RouteFollowUpsDueAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var scheduler = services.GetRequiredService<FollowUpScheduler>();
        try
        {
            await scheduler.RouteDueAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Start anyway: the scheduler's next pass tries again.
            LogStartUpFollowUpsFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger<FollowUpScheduler>(), exception);
        }
    }

    /// <summary>
    /// Every region's dispatcher is active from the start. A failure here (a silo that died and
    /// is not yet declared dead holds one) must not stop this silo starting, which would take
    /// it out of a cluster that needs it: <see cref="DispatcherKeeper"/> wakes them again.
    /// </summary>
    private static async Task WakeDispatchersAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var topology = services.GetRequiredService<RegionTopology>();
        try
        {
            await Task.WhenAll(topology.Regions.Select(r => grains.GetGrain<IDispatcherGrain>(r.Code).Wake()));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStartUpWakeFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger<DispatcherKeeper>(), exception);
        }
    }

    /// <summary>An IP address, or a host name resolved to its first address.</summary>
    private static System.Net.IPAddress AddressOf(string hostOrAddress) =>
        System.Net.IPAddress.TryParse(hostOrAddress, out var address) ? address : System.Net.Dns.GetHostAddresses(hostOrAddress).First();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking the region dispatchers at start-up failed; the dispatcher keeper wakes them within seconds")]
    private static partial void LogStartUpWakeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing follow-ups due at start-up failed")]
    private static partial void LogStartUpFollowUpsFailed(ILogger logger, Exception exception);
}
