using System.Collections.Frozen;
using System.Text.Json;
using Hotline.Access;
using Hotline.Cases;
using Hotline.Topology;

namespace Hotline.Partners;

/// <summary>
/// An organisation cases can be referred to. <see cref="Outside"/> marks one outside the
/// hotline's own organisation: referring there shares the case, so it needs the person's
/// consent. <see cref="Example"/> marks an entry that only shows the format.
/// </summary>
public sealed record Partner(string Id, string Name, IReadOnlyList<string> Regions, IReadOnlyList<ServiceType> Services, bool Outside, bool Example)
{
    /// <summary>Whether it takes referrals from <paramref name="region"/> ("*" serves every region).</summary>
    public bool Serves(string region) => Regions.Contains(Caller.AllRegions) || Regions.Contains(region);
}

/// <summary>
/// The partner organisations, per region and service, loaded at start-up from a file beside
/// the region topology. A broken file stops start-up with a reason.
/// </summary>
public sealed class PartnerDirectory
{
    /// <summary>The service codes the directory file and the API use.</summary>
    public static readonly FrozenDictionary<string, ServiceType> ServiceCodes = new Dictionary<string, ServiceType>
    {
        ["shelter"] = ServiceType.Shelter,
        ["legal_aid"] = ServiceType.LegalAid,
        ["medical"] = ServiceType.Medical,
        ["psychosocial"] = ServiceType.Psychosocial,
        ["law_enforcement"] = ServiceType.LawEnforcement,
        ["return_and_reintegration"] = ServiceType.ReturnAndReintegration,
        ["interpretation"] = ServiceType.Interpretation,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private readonly FrozenDictionary<string, Partner> _byId;

    private PartnerDirectory(IReadOnlyList<Partner> partners)
    {
        Partners = partners;
        _byId = partners.ToFrozenDictionary(p => p.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<Partner> Partners { get; }

    public bool TryFind(string id, out Partner partner) => _byId.TryGetValue(id, out partner!);

    /// <summary>Partners serving <paramref name="region"/> (every one when null), offering <paramref name="service"/> when given.</summary>
    public IEnumerable<Partner> For(string? region, ServiceType? service) =>
        Partners.Where(p => (region is null || p.Serves(region)) && (service is null || p.Services.Contains(service.Value)));

    public static PartnerDirectory Load(string path, RegionTopology topology)
    {
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<PartnerFile>(stream, JsonOptions)
            ?? throw new InvalidDataException($"Partner directory '{path}' is empty.");
        var partners = new List<Partner>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in file.Organisations ?? [])
        {
            var where = $"Partner directory '{path}', organisation '{o.Id}'";
            if (string.IsNullOrWhiteSpace(o.Id) || !ids.Add(o.Id))
            {
                throw new InvalidDataException($"{where}: every organisation needs an id of its own.");
            }

            if (string.IsNullOrWhiteSpace(o.Name))
            {
                throw new InvalidDataException($"{where}: a name is required.");
            }

            var regions = o.Regions ?? [];
            if (regions.Length == 0 || regions.Any(r => r != Caller.AllRegions && !topology.RegionCodes.Contains(r)))
            {
                throw new InvalidDataException($"{where}: regions must be region codes of the topology, or \"*\".");
            }

            var services = new List<ServiceType>();
            foreach (var code in o.Services ?? [])
            {
                services.Add(ServiceCodes.TryGetValue(code, out var service)
                    ? service
                    : throw new InvalidDataException($"{where}: service '{code}' is not one of {string.Join(", ", ServiceCodes.Keys.Order(StringComparer.Ordinal))}."));
            }

            if (services.Count == 0)
            {
                throw new InvalidDataException($"{where}: at least one service is required.");
            }

            partners.Add(new Partner(o.Id, o.Name, regions, services, o.Outside ?? true, o.Example));
        }

        return new PartnerDirectory(partners);
    }

    private sealed record PartnerFile(string? Source, List<PartnerEntry>? Organisations);

    private sealed record PartnerEntry(string Id, string Name, string[]? Regions, string[]? Services, bool? Outside, bool Example);
}
