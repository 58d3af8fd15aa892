using Hotline.Security;
using Hotline.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Hotline.Hosting;

/// <summary>A gateway in Client mode: an Orleans client of the cluster's silos.</summary>
public static class HotlineClientExtensions
{
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

        if (ClusterTransport.Resolve(configuration, embedded: false) is { } identity)
        {
            client.UseHotlineTls(identity);
        }
        else
        {
            client.Services.AddHostedService<InsecureTransportWarning>();
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
}
