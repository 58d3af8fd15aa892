using System.Text.Json;

namespace Hotline.Bench;

/// <summary>A region as the workload needs it: where responders live and where contacts come from.</summary>
public sealed record BenchRegion(string Code, IReadOnlyList<string> Districts);

/// <summary>
/// What the workload takes from a hotline regions file: region codes with their districts, and
/// the language and skill codes. Read as plain JSON; whether the file is valid is the
/// hotline's to say, and it answers requests that use it.
/// </summary>
public sealed record RegionsFile(IReadOnlyList<BenchRegion> Regions, IReadOnlyList<string> Languages, IReadOnlyList<string> Skills)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static RegionsFile Load(string path)
    {
        FileShape? file;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize<FileShape>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"regions file '{path}': {e.Message}", e);
        }

        string Code(Entry entry) => string.IsNullOrWhiteSpace(entry.Code) ? throw new InvalidDataException($"regions file '{path}': an entry has no code") : entry.Code;

        var regions = (file?.Regions ?? []).Select(r => new BenchRegion(Code(r), [.. (r.Districts ?? []).Select(Code)])).ToList();
        if (regions.Count == 0)
        {
            throw new InvalidDataException($"regions file '{path}' lists no regions");
        }

        return new RegionsFile(regions, [.. (file!.Languages ?? []).Select(Code)], [.. (file.Skills ?? []).Select(Code)]);
    }

    private sealed record FileShape(List<Entry>? Regions, List<Entry>? Languages, List<Entry>? Skills);

    /// <summary>A region, district, language or skill; only the code (and a region's districts) matter here.</summary>
    private sealed record Entry(string? Code, List<Entry>? Districts);
}
