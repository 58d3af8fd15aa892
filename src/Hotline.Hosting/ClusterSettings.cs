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

    /// <summary>
    /// An embedded silo opens its client gateway port only when this is set, for gateways in
    /// Client mode on the same silo; otherwise no other process can attach to it as a client.
    /// Silos of a PostgreSQL cluster always serve gateways.
    /// </summary>
    public bool AcceptClientGateways { get; set; }

    /// <summary>Mutual TLS between the hotline's processes (section <c>Hotline:Cluster:Tls</c>).</summary>
    public ClusterTlsSettings Tls { get; set; } = new();

    /// <summary>
    /// Development only: lets a cluster run without TLS between its processes when every
    /// address is loopback. Refused otherwise; logged as critical at every start.
    /// </summary>
    public bool AllowInsecureTransport { get; set; }

    /// <summary>
    /// How long a starting silo keeps trying to join the cluster (reach every live silo) before
    /// it gives up and exits, for its supervisor to start it again.
    /// </summary>
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a grain call may take before it fails; a silo that died is noticed by calls to it within this time.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a gateway keeps retrying a call that is safe to repeat (reads, intake with its
    /// request id; marked IDEMPOTENT in the protos) while the routing engine is out of reach, as
    /// when a silo died and the cluster has not yet declared it dead, before it answers
    /// UNAVAILABLE. Zero answers at once.
    /// </summary>
    public TimeSpan RetryUnavailableFor { get; set; } = TimeSpan.FromSeconds(20);

    public static ClusterSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ClusterSettings>() ?? new ClusterSettings();
}

/// <summary>The certificate files of this process and the hotline's CA.</summary>
public sealed class ClusterTlsSettings
{
    /// <summary>This process's certificate: PEM (with <see cref="Key"/>) or PKCS#12 (.pfx, .p12).</summary>
    public string Certificate { get; set; } = "";

    /// <summary>The PEM private key of <see cref="Certificate"/>; readable by the hotline's user only.</summary>
    public string Key { get; set; } = "";

    /// <summary>The password of a PKCS#12 <see cref="Certificate"/>, if it has one.</summary>
    public string Password { get; set; } = "";

    /// <summary>The hotline's CA certificate (PEM): peers must present a certificate it signed.</summary>
    public string Authority { get; set; } = "";
}

/// <summary>How a gateway process reaches the grains.</summary>
public enum HostingMode
{
    /// <summary>A silo runs in the gateway's own process.</summary>
    Embedded = 0,

    /// <summary>The gateway is an Orleans client of silos running elsewhere.</summary>
    Client = 1,
}
