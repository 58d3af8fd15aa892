namespace Hotline.Hosting;

/// <summary>Storage settings (section <c>Hotline:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Hotline:Storage";

    /// <summary>Folder of the embedded SQLite file; created when missing.</summary>
    public string DataDirectory { get; set; } = "data";
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
}

/// <summary>Where the region topology comes from (section <c>Hotline:Topology</c>).</summary>
public sealed class TopologyOptions
{
    public const string Section = "Hotline:Topology";

    /// <summary>Path of the topology file; relative paths are resolved against the application folder.</summary>
    public string File { get; set; } = Path.Combine("topology", "azerbaijan.regions.json");
}
