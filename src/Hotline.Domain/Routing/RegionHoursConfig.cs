namespace Hotline.Routing;

/// <summary>
/// Opening hours of the regions (section <c>Hotline:Regions</c>, one entry per region code). A
/// region that is not named is open at all hours. Read again when the settings change.
/// </summary>
public sealed class RegionHoursOptions
{
    public const string Section = "Hotline:Regions";

    /// <summary>The configured regions by code.</summary>
    public Dictionary<string, RegionHoursConfig> Regions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The first entry that does not read, as "Hotline:Regions:code:...: why", else null.</summary>
    public string? FirstError()
    {
        foreach (var (code, region) in Regions)
        {
            try
            {
                OpeningHours.Parse(region, TimeZoneInfo.Utc);
            }
            catch (FormatException e)
            {
                return $"{Section}:{code}:{e.Message}";
            }
        }

        return null;
    }
}

/// <summary>One region's hours: weekly lines per channel (or <see cref="DefaultKey"/>) and holiday dates.</summary>
public sealed class RegionHoursConfig
{
    /// <summary>The key of the hours every channel without its own follows.</summary>
    public const string DefaultKey = "Default";

    /// <summary>By channel name (Voice, Sms, Chat, Messenger, WalkIn) or Default: lines like "Mon-Fri 09:00-18:00".</summary>
    public Dictionary<string, string[]> Hours { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Dates (YYYY-MM-DD, in the hotline's zone) on which the region is closed all day.</summary>
    public string[] Holidays { get; set; } = [];
}

/// <summary>
/// The regions' hours as last configured, read once per version of the settings: each region's
/// rule is parsed on first use and kept until the settings change.
/// </summary>
public sealed class HoursBook(RegionHoursOptions options, TimeZoneInfo zone)
{
    private readonly Dictionary<string, OpeningHours> _parsed = new(StringComparer.Ordinal);

    public RegionHoursOptions Options => options;

    /// <summary>The hours of <paramref name="region"/>; <see cref="OpeningHours.Always"/> when it has none.</summary>
    public OpeningHours For(string region)
    {
        lock (_parsed)
        {
            if (!_parsed.TryGetValue(region, out var hours))
            {
                hours = options.Regions.TryGetValue(region, out var config) ? OpeningHours.Parse(config, zone) : OpeningHours.Always;
                _parsed[region] = hours;
            }

            return hours;
        }
    }
}
