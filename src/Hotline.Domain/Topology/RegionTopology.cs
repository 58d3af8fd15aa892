using System.Collections.Frozen;
using System.Text.Json;

namespace Hotline.Topology;

/// <summary>A region of the country: one dispatcher, its districts, its neighbours.</summary>
public sealed record Region(string Code, string Name, string? LocalName, IReadOnlyList<string> Neighbours, IReadOnlyList<District> Districts);

/// <summary>A district (or city) inside a region.</summary>
public sealed record District(string Code, string Name);

/// <summary>A code and the human name for it (languages, skills).</summary>
public sealed record NamedCode(string Code, string Name);

/// <summary>
/// The country the hotline serves: regions, districts, neighbours, and the languages and
/// skills a contact may ask for. Loaded from a file at start-up; another country is
/// another file.
/// </summary>
public sealed class RegionTopology
{
    private readonly FrozenDictionary<string, Region> _byLocation;

    private RegionTopology(string country, IReadOnlyList<Region> regions, IReadOnlyList<NamedCode> languages, IReadOnlyList<NamedCode> skills, Dictionary<string, Region> byLocation)
    {
        Country = country;
        Regions = regions;
        Languages = languages;
        Skills = skills;
        _byLocation = byLocation.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        RegionsByCode = regions.ToFrozenDictionary(r => r.Code, StringComparer.Ordinal);
        RegionCodes = regions.Select(r => r.Code).ToFrozenSet(StringComparer.Ordinal);
        LanguageCodes = languages.Select(l => l.Code).ToFrozenSet(StringComparer.Ordinal);
        SkillCodes = skills.Select(s => s.Code).ToFrozenSet(StringComparer.Ordinal);
    }

    public string Country { get; }
    public IReadOnlyList<Region> Regions { get; }
    public IReadOnlyList<NamedCode> Languages { get; }
    public IReadOnlyList<NamedCode> Skills { get; }
    public FrozenDictionary<string, Region> RegionsByCode { get; }
    public FrozenSet<string> RegionCodes { get; }
    public FrozenSet<string> LanguageCodes { get; }
    public FrozenSet<string> SkillCodes { get; }

    /// <summary>The region a region code, region alias or district code belongs to.</summary>
    public bool TryResolve(string location, out Region region) => _byLocation.TryGetValue(location.Trim(), out region!);

    /// <summary>Every region except <paramref name="code"/>, for the national pool.</summary>
    public IEnumerable<string> OtherRegions(string code) => Regions.Select(r => r.Code).Where(c => c != code);

    /// <summary>Reads and checks a topology file; a broken file stops start-up with a reason.</summary>
    public static RegionTopology Load(string path)
    {
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<TopologyFile>(stream, JsonOptions)
            ?? throw new InvalidDataException($"Topology file '{path}' is empty.");
        return FromFile(file, path);
    }

    internal static RegionTopology FromFile(TopologyFile file, string source)
    {
        void Fail(string why) => throw new InvalidDataException($"Topology file '{source}': {why}");

        if (file.Regions is not { Count: > 0 })
        {
            Fail("it lists no regions");
        }

        var regions = new List<Region>();
        var byLocation = new Dictionary<string, Region>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in file.Regions!)
        {
            if (string.IsNullOrWhiteSpace(r.Code) || string.IsNullOrWhiteSpace(r.Name))
            {
                Fail("every region needs a code and a name");
            }

            var region = new Region(r.Code!, r.Name!, r.LocalName, r.Neighbours ?? [],
                (r.Districts ?? []).Select(d => new District(d.Code ?? "", d.Name ?? "")).ToList());
            regions.Add(region);
            foreach (var code in new[] { region.Code }.Concat(r.Aliases ?? []).Concat(region.Districts.Select(d => d.Code)))
            {
                if (string.IsNullOrWhiteSpace(code) || !byLocation.TryAdd(code, region))
                {
                    Fail($"location code '{code}' is empty or used twice");
                }
            }
        }

        var codes = regions.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var region in regions)
        {
            foreach (var n in region.Neighbours)
            {
                if (!codes.Contains(n) || n == region.Code)
                {
                    Fail($"region '{region.Code}' names an unknown neighbour '{n}'");
                }

                if (!regions.First(x => x.Code == n).Neighbours.Contains(region.Code))
                {
                    Fail($"neighbours must be symmetric: '{n}' does not list '{region.Code}'");
                }
            }
        }

        var languages = (file.Languages ?? []).Select(l => new NamedCode(l.Code ?? "", l.Name ?? "")).ToList();
        var skills = (file.Skills ?? []).Select(s => new NamedCode(s.Code ?? "", s.Name ?? "")).ToList();
        if (languages.Count == 0 || languages.Any(l => l.Code.Length == 0))
        {
            Fail("it must list the languages the hotline serves, each with a code");
        }

        return new RegionTopology(file.Country ?? "", regions, languages, skills, byLocation);
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    internal sealed class TopologyFile
    {
        public string? Country { get; set; }
        public List<CodeEntry>? Languages { get; set; }
        public List<CodeEntry>? Skills { get; set; }
        public List<RegionEntry>? Regions { get; set; }
    }

    internal sealed class CodeEntry
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
    }

    internal sealed class RegionEntry
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? LocalName { get; set; }
        public List<string>? Aliases { get; set; }
        public List<string>? Neighbours { get; set; }
        public List<CodeEntry>? Districts { get; set; }
    }
}
