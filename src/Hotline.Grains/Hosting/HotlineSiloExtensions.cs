using Hotline.Audit;
using Hotline.Cases;
using Hotline.Partners;
using Hotline.Domain;
using Hotline.Queues;
using Hotline.Retention;
using Hotline.Routing;
using Hotline.Security;
using Hotline.Storage;
using Hotline.Supervision;
using Hotline.Telemetry;
using Hotline.Topology;
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
public static class HotlineSiloExtensions
{
    /// <summary>Services both silos and gateways need: topology, routing settings, the clock.</summary>
    public static IServiceCollection AddHotlineCore(this IServiceCollection services, IConfiguration configuration)
    {
        // The embedded gateway and its silo share one container: register once.
        if (services.Any(d => d.ServiceType == typeof(RegionTopology)))
        {
            return services;
        }

        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.Section));
        services.AddOptions<SupervisionOptions>().Bind(configuration.GetSection(SupervisionOptions.Section))
            .Validate(o => o.ServiceLevelThreshold >= TimeSpan.FromSeconds(1) && o.ServiceLevelThreshold <= TimeSpan.FromHours(1), $"{SupervisionOptions.Section}:ServiceLevelThreshold must be from one second to one hour")
            .Validate(o => o.UpdateInterval >= TimeSpan.FromMilliseconds(50) && o.UpdateInterval <= TimeSpan.FromSeconds(10), $"{SupervisionOptions.Section}:UpdateInterval must be from 50 ms to 10 seconds")
            .Validate(o => o.CrisisRealertAfter >= TimeSpan.FromSeconds(5) && o.CrisisRealertAfter <= TimeSpan.FromHours(1), $"{SupervisionOptions.Section}:CrisisRealertAfter must be from five seconds to one hour")
            .Validate(o => o.DisconnectGrace >= TimeSpan.Zero && o.DisconnectGrace <= TimeSpan.FromMinutes(10), $"{SupervisionOptions.Section}:DisconnectGrace must be from zero to ten minutes")
            .Validate(o => o.CounterSaveInterval >= TimeSpan.FromSeconds(5) && o.CounterSaveInterval <= TimeSpan.FromMinutes(10), $"{SupervisionOptions.Section}:CounterSaveInterval must be from five seconds to ten minutes")
            .Validate(o => TryZone(o), $"{SupervisionOptions.Section}:TimeZone must be a time zone id known to this machine (such as Asia/Baku or UTC)")
            .ValidateOnStart();
        services.AddSingleton(_ =>
        {
            var file = configuration.GetSection(TopologyOptions.Section).Get<TopologyOptions>()?.File ?? new TopologyOptions().File;
            return RegionTopology.Load(Path.IsPathRooted(file) ? file : Path.Combine(AppContext.BaseDirectory, file));
        });
        services.AddSingleton(sp =>
        {
            var file = configuration.GetSection(PartnerOptions.Section).Get<PartnerOptions>()?.File ?? new PartnerOptions().File;
            return PartnerDirectory.Load(Path.IsPathRooted(file) ? file : Path.Combine(AppContext.BaseDirectory, file), sp.GetRequiredService<RegionTopology>());
        });
        services.TryAddKeyedSingleton(HotlineClock.ServiceKey, TimeProvider.System);
        return services;
    }

    /// <summary>
    /// An Orleans client of silos elsewhere (a gateway in Client mode): it finds them at the
    /// configured gateway endpoints and shares the cluster's identity.
    /// </summary>
    public static IClientBuilder AddHotlineClient(this IClientBuilder client, IConfiguration configuration)
    {
        client.Services.AddHotlineCore(configuration);
        client.AddHotlineClientTelemetry(configuration);
        if (DashboardSettings.IsEnabled(configuration))
        {
            client.AddDashboard(o => o.HideTrace = true);
        }
        var cluster = ClusterSettings.From(configuration);
        var storage = StorageOptions.From(configuration);
        client.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster.ServiceId, cluster.ClusterId));
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
        if (storage.Provider == StorageProvider.Postgres)
        {
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (StorageWiring.PostgresInvariant, storage.ConnectionString));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        }
        else if (cluster.Gateways.Length > 0)
        {
            client.UseStaticClustering(cluster.Gateways.Select(ParseEndpoint).ToArray());
        }
        else
        {
            throw new InvalidOperationException(
                $"In Client mode the gateway needs {StorageOptions.Section}:Provider=Postgres with a connection string, or {ClusterSettings.Section}:Gateways (host:port of the silos)");
        }

        // Keep trying to reach the silos rather than stop: the gateway starts, reports not
        // serving on its health check, and serves once a silo answers.
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        });
        return client;
    }

    private static System.Net.IPEndPoint ParseEndpoint(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon > 0 && int.TryParse(value.AsSpan(colon + 1), out var port) && port is > 0 and < 65536)
        {
            var host = value[..colon];
            var address = System.Net.IPAddress.TryParse(host, out var ip) ? ip : System.Net.Dns.GetHostAddresses(host).First();
            return new System.Net.IPEndPoint(address, port);
        }

        throw new InvalidOperationException($"{ClusterSettings.Section}:Gateways entry '{value}' must be host:port");
    }

    private static bool TryZone(SupervisionOptions options)
    {
        try
        {
            options.Zone();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// A hotline silo: with SQLite storage, a single silo on localhost clustering with grain
    /// state in the embedded file; with PostgreSQL, a member of a cluster found through the
    /// shared database (see <see cref="StorageWiring"/>). The schema is applied before the
    /// storage provider starts.
    /// </summary>
    public static ISiloBuilder AddHotlineSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddHotlineCore(configuration);
        silo.AddHotlineSiloTelemetry(configuration);
        if (DashboardSettings.IsEnabled(configuration))
        {
            silo.AddDashboard(o => o.HideTrace = true);
        }
        var cluster = ClusterSettings.From(configuration);
        var storage = StorageOptions.From(configuration);
        if (storage.Provider == StorageProvider.Postgres)
        {
            StorageWiring.AddPostgres(silo, storage, cluster);
        }
        else
        {
            StorageWiring.AddSqlite(silo, storage, cluster);
        }

        // Personal data is encrypted before it reaches the database, with a key ring kept in
        // the key folder (apart from the database; every process of a cluster shares it).
        var keys = SecurityOptions.KeyDirectoryOf(configuration);
        SecretFile.EnsureFolder(keys);
        SecretFile.EnsureFolder(SecurityOptions.DataProtectionFolder(keys));
        silo.Services.AddDataProtection()
            .SetApplicationName("hotline")
            .PersistKeysToFileSystem(new DirectoryInfo(SecurityOptions.DataProtectionFolder(keys)));
        silo.Services.TryAddSingleton<PersonalDataProtector>();

        // The Orleans binary serializer (compact, versioned by [Id], no type names in rows),
        // except contacts and cases, which are JSON the database indexes (Storage/*RecordJson).
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Database)
            .Configure<Serializer, PersonalDataProtector>((options, serializer, protector) =>
                options.GrainStorageSerializer = new HotlineStorageSerializer(new OrleansGrainStorageSerializer(serializer), protector));
        silo.Services.TryAddSingleton<WriteGate>();
        silo.Services.TryAddSingleton<StorageCounters>();
        silo.Services.AddGrainStorage(StorageNames.Hotline, (sp, _) => new MeteredGrainStorage(
            sp.GetRequiredKeyedService<IGrainStorage>(StorageNames.Database), sp.GetRequiredService<StorageCounters>(), sp.GetRequiredService<WriteGate>()));

        silo.Services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.ClosedCases >= TimeSpan.FromDays(1), $"{RetentionOptions.Section}:ClosedCases must be at least one day")
            .Validate(o => o.SweepInterval >= TimeSpan.FromMinutes(1) && o.SweepInterval <= TimeSpan.FromDays(30), $"{RetentionOptions.Section}:SweepInterval must be from one minute to 30 days")
            .ValidateOnStart();
        silo.Services.TryAddSingleton<RetentionSweeper>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());

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
            services.GetRequiredService<ILoggerFactory>().CreateLogger<FollowUpScheduler>().LogWarning(exception, "Routing follow-ups due at start-up failed");
        }
    }

    private static async Task WakeDispatchersAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var topology = services.GetRequiredService<RegionTopology>();
        await Task.WhenAll(topology.Regions.Select(r => grains.GetGrain<IRegionQueueGrain>(r.Code).Wake()));
    }
}
