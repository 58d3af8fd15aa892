using Hotline.Domain;

namespace Hotline.Cases;

/// <summary>The form of exploitation a case is about.</summary>
public enum ExploitationType
{
    Unknown = 0,
    Sexual = 1,
    ForcedLabour = 2,
    DomesticServitude = 3,
    ForcedBegging = 4,
    ForcedCriminality = 5,
    OrganRemoval = 6,
    ChildTrafficking = 7,
    Other = 8,
}

/// <summary>How much danger the person is in.</summary>
public enum RiskLevel
{
    Unknown = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    ImminentDanger = 4,
}

/// <summary>Whether the person has been formally identified as a victim.</summary>
public enum VictimStatus
{
    Unknown = 0,
    Potential = 1,
    Identified = 2,
}

/// <summary>
/// What the person agreed to. Sharing with partners gates referrals to outside
/// organisations; contacting back gates call-back follow-ups. The safe window, safe channel,
/// "no message" and the code word are the rules of reaching them back (see <see cref="SafeContact"/>);
/// the code word is personal and shown to no one but the responder offered the work.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.Consents")]
public sealed record Consents(
    [Id(0)] bool ShareWithPartners,
    [Id(1)] bool ContactBack,
    [Id(2)] Channel? SafeChannel,
    [Id(3)] string SafeHours,
    [Id(4)] SafeWindow? Window = null,
    [Id(5)] bool NoMessage = false,
    [Id(6)] string? CodeWord = null)
{
    /// <summary>The code word, empty when none is set (cases saved before code words read as none).</summary>
    public string CodeWordGiven => CodeWord ?? "";

    // Message bodies reach verbose runtime logs through ToString: never the code word or the hours.
    private bool PrintMembers(System.Text.StringBuilder builder) => false;

    public static readonly Consents None = new(false, false, null, "");

    /// <summary>
    /// The channel to use for contacting back, when the person named one. Cases saved while
    /// the domain still had an "unspecified" channel hold its 0 for "none named"; it reads as none.
    /// </summary>
    public Channel? SafeChannelNamed => SafeChannel is { } channel && Enum.IsDefined(channel) ? channel : null;
}

/// <summary>What is known about the case. Personal: stored sealed with the rest of the case.</summary>
[GenerateSerializer, Immutable, Alias("hotline.CaseFacts")]
public sealed record CaseFacts(
    [Id(0)] ExploitationType ExploitationType,
    [Id(1)] RiskLevel RiskLevel,
    [Id(2)] VictimStatus VictimStatus,
    [Id(3)] Consents Consents)
{
    public static readonly CaseFacts Empty = new(ExploitationType.Unknown, RiskLevel.Unknown, VictimStatus.Unknown, Consents.None);

    // Message bodies reach verbose runtime logs through ToString: show no fact about the person.
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>
/// A change to the facts; null members stay as they are. Consents are replaced whole, except the
/// code word (never read back) when <see cref="KeepCodeWord"/> says the one set stays.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.CaseFactsUpdate")]
public sealed record CaseFactsUpdate(
    [Id(0)] ExploitationType? ExploitationType,
    [Id(1)] RiskLevel? RiskLevel,
    [Id(2)] VictimStatus? VictimStatus,
    [Id(3)] Consents? Consents,
    [Id(4)] bool KeepCodeWord = false)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => false;

    public CaseFacts ApplyTo(CaseFacts facts) => new(
        ExploitationType ?? facts.ExploitationType,
        RiskLevel ?? facts.RiskLevel,
        VictimStatus ?? facts.VictimStatus,
        Consents is { } given && KeepCodeWord ? given with { CodeWord = facts.Consents.CodeWordGiven } : Consents ?? facts.Consents);
}
