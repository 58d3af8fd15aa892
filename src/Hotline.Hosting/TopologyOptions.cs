namespace Hotline.Hosting;

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
