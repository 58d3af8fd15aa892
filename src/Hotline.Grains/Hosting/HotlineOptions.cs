using Microsoft.Extensions.Configuration;
namespace Hotline.Hosting;

/// <summary>Storage settings (section <c>Hotline:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Hotline:Storage";

    /// <summary>Folder of the embedded SQLite file; created when missing.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// When a commit counts as done. <see cref="SqliteSync.Normal"/> (the default) survives a
    /// killed process; <see cref="SqliteSync.Full"/> also survives a power cut, at a flush per commit.
    /// </summary>
    public SqliteSync Synchronous { get; set; } = SqliteSync.Normal;

    /// <summary>Sqlite (one embedded file, one process) or Postgres (a cluster of silos sharing one database).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>With Postgres: the Npgsql connection string of the shared database.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>With Postgres: apply the schema at start (idempotent, under a lock). Off when an administrator applies it (<c>schema apply</c>).</summary>
    public bool ApplySchema { get; set; } = true;

    public static StorageOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<StorageOptions>() ?? new StorageOptions();
        if (options.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException($"{Section}:ConnectionString is required when {Section}:Provider is Postgres");
        }

        return options;
    }
}

/// <summary>Where grain state and the hotline's indexes live.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file: a single process (the default).</summary>
    Sqlite = 0,

    /// <summary>A PostgreSQL database shared by a cluster of silos and gateways.</summary>
    Postgres = 1,
}

/// <summary>SQLite's synchronous setting for grain-state commits (the file is in WAL mode).</summary>
public enum SqliteSync
{
    /// <summary>Committed to the write-ahead log; the OS flushes it. A process crash loses nothing; a power cut may lose the last commits.</summary>
    Normal,

    /// <summary>The log is flushed to the device on every commit. Survives a power cut.</summary>
    Full,
}

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

/// <summary>Where the region topology comes from (section <c>Hotline:Topology</c>).</summary>
public sealed class TopologyOptions
{
    public const string Section = "Hotline:Topology";

    /// <summary>Path of the topology file; relative paths are resolved against the application folder.</summary>
    public string File { get; set; } = Path.Combine("topology", "azerbaijan.regions.json");
}

/// <summary>Where the partner directory comes from (section <c>Hotline:Partners</c>).</summary>
public sealed class PartnerOptions
{
    public const string Section = "Hotline:Partners";

    /// <summary>Path of the directory file; relative paths are resolved against the application folder.</summary>
    public string File { get; set; } = Path.Combine("topology", "azerbaijan.partners.json");
}

/// <summary>How follow-ups are found when due (section <c>Hotline:FollowUps</c>).</summary>
public sealed class FollowUpOptions
{
    public const string Section = "Hotline:FollowUps";

    /// <summary>How often the case index is checked for follow-ups due (1 second to 10 minutes).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>The Orleans dashboard (section <c>Hotline:Dashboard</c>): off unless asked for, and only for admins.</summary>
public sealed class DashboardSettings
{
    public const string Section = "Hotline:Dashboard";

    /// <summary>Collect grain and silo statistics for the dashboard and serve it on the gateway at /dashboard (admins only).</summary>
    public bool Enabled { get; set; }

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetSection(Section).Get<DashboardSettings>()?.Enabled == true;
}
