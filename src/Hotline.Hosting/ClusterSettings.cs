using Microsoft.Extensions.Configuration;

namespace Hotline.Hosting;

/// <summary>Cluster identity and ports (section <c>Hotline:Cluster</c>).</summary>
public sealed class ClusterSettings
{
    public const string Section = "Hotline:Cluster";

    /// <summary>Part of every stored row's key: keep it fixed for the life of a deployment.</summary>
    public string ServiceId { get; set; } = "hotline";

    public string ClusterId { get; set; } = "hotline";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Embedded (a silo in this process, the default) or Client (a gateway in front of silos elsewhere).</summary>
    public HostingMode Mode { get; set; } = HostingMode.Embedded;

    /// <summary>
    /// In Client mode without a shared database: the silos' gateway endpoints as host:port
    /// (for example 10.0.0.5:30000). With Postgres storage the gateway finds silos in the database.
    /// </summary>
    public string[] Gateways { get; set; } = [];

    /// <summary>With Postgres: the address other silos and gateways reach this silo at (default: loopback).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>With Postgres: listen on every local address rather than only the advertised one (behind NAT or in containers).</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>How long a grain call may take before it fails; a silo that died is noticed by calls to it within this time.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public static ClusterSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ClusterSettings>() ?? new ClusterSettings();
}

/// <summary>How a gateway process reaches the grains.</summary>
public enum HostingMode
{
    /// <summary>A silo runs in the gateway's own process.</summary>
    Embedded = 0,

    /// <summary>The gateway is an Orleans client of silos running elsewhere.</summary>
    Client = 1,
}
