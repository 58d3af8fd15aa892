using Hotline.Api.V1;

namespace Hotline.Bench;

/// <summary>What an operator asks for: enough responders of the region match it that routing stays local.</summary>
public sealed record ContactShape(string Region, string Location, string Language, string[] Skills, Channel Channel);

/// <summary>
/// Responder profiles and contact shapes derived from the regions file: responders round-robin over
/// regions, all speak the first language and every second one (within a region) the second too,
/// each holds three skills; contacts only ask for what several home responders can give.
/// </summary>
public sealed class Workload
{
    /// <summary>How many home responders must match a contact shape.</summary>
    private const int MinMatching = 3;
    private const int SkillsPerResponder = 3;

    private readonly RegionsFile _regions;
    private readonly string _runId;
    private readonly List<ContactShape> _shapes;
    private long _nextShape = -1;
    private long _nextRequest;

    public Workload(RegionsFile regions, int responders, string runId)
    {
        _regions = regions;
        _runId = runId;
        if (regions.Languages.Count < 2 || regions.Skills.Count < SkillsPerResponder)
        {
            throw new InvalidDataException("The regions file needs at least two languages and three skills for this workload.");
        }

        Profiles = [.. Enumerable.Range(0, responders).Select(Profile)];
        _shapes = Shapes(Profiles);
        if (_shapes.Count == 0)
        {
            throw new InvalidDataException($"With {responders} responders no region has {MinMatching} alike; add responders.");
        }

        UnspokenLanguage = regions.Languages.LastOrDefault(code => Profiles.All(p => !p.Languages.Contains(code)))
            ?? throw new InvalidDataException("Every language of the regions file is spoken; no contact can be made to wait.");
    }

    public IReadOnlyList<UpsertResponderRequest> Profiles { get; }

    public int ShapeCount => _shapes.Count;

    /// <summary>A language no simulated responder speaks: contacts in it wait.</summary>
    public string UnspokenLanguage { get; }

    /// <summary>A profile for an extra responder (memory phase), numbered after the others.</summary>
    public UpsertResponderRequest Profile(int index)
    {
        var regions = _regions.Regions;
        var inRegion = index / regions.Count;
        var skills = _regions.Skills;
        var request = new UpsertResponderRequest
        {
            ResponderId = $"bench-{_runId}-r{index}",
            DisplayName = $"Bench responder {index}",
            HomeRegion = regions[index % regions.Count].Code,
            Languages = { _regions.Languages[0] },
            Capacity =
            {
                new ChannelCapacity { Channel = Channel.Voice, Capacity = 1 },
                new ChannelCapacity { Channel = Channel.Chat, Capacity = 2 },
            },
        };
        if (inRegion % 2 == 1)
        {
            request.Languages.Add(_regions.Languages[1]);
        }

        for (var k = 0; k < SkillsPerResponder; k++)
        {
            request.Skills.Add(skills[(inRegion + (k * 3)) % skills.Count]);
        }

        return request;
    }

    /// <summary>The next contact shape, cycling so consecutive contacts go to different regions.</summary>
    public ContactShape NextShape() => _shapes[(int)(Interlocked.Increment(ref _nextShape) % _shapes.Count)];

    /// <summary>A request id nobody else uses (1-64 of A-Z a-z 0-9 . _ : -).</summary>
    public string NextRequestId() => $"bench:{_runId}:{Interlocked.Increment(ref _nextRequest)}";

    public static OpenContactRequest Request(string requestId, ContactShape shape, Urgency urgency = Urgency.Normal) => new()
    {
        RequestId = requestId,
        Channel = shape.Channel,
        Language = shape.Language,
        Location = shape.Location,
        Urgency = urgency,
        RequiredSkills = { shape.Skills },
        Summary = "Load test contact",
    };

    private List<ContactShape> Shapes(IReadOnlyList<UpsertResponderRequest> profiles)
    {
        var perRegion = new List<List<ContactShape>>();
        foreach (var region in _regions.Regions)
        {
            var home = profiles.Where(p => p.HomeRegion == region.Code).ToList();
            var shapes = new List<ContactShape>();
            var candidates = new List<string[]> { Array.Empty<string>() };
            candidates.AddRange(_regions.Skills.Select(s => new[] { s }));
            foreach (var language in _regions.Languages.Take(2))
            {
                foreach (var skills in candidates)
                {
                    var matching = home.Count(p => p.Languages.Contains(language) && skills.All(p.Skills.Contains));
                    if (matching >= MinMatching)
                    {
                        var location = region.Districts.Count > 0 ? region.Districts[shapes.Count % region.Districts.Count] : region.Code;
                        var channel = shapes.Count % 2 == 0 ? Channel.Voice : Channel.Chat;
                        shapes.Add(new ContactShape(region.Code, location, language, skills, channel));
                    }
                }
            }

            perRegion.Add(shapes);
        }

        // Interleave: shape i of every region before shape i + 1 of any.
        var result = new List<ContactShape>();
        for (var i = 0; perRegion.Any(s => i < s.Count); i++)
        {
            result.AddRange(perRegion.Where(s => i < s.Count).Select(s => s[i]));
        }

        return result;
    }
}
