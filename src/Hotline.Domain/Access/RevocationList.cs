namespace Hotline.Access;

/// <summary>
/// Tokens that no longer open the hotline, though signed and unexpired: single tokens by id (a
/// lost phone), every token of a subject issued up to a moment (someone who left), and every
/// token naming a disabled responder, until an admin enables them again. Revocations are
/// dropped once every token they could refuse has expired by itself.
/// </summary>
/// <remarks>
/// Tokens are minted where the private key is, without asking the hotline, so a subject's
/// tokens are refused by when they were issued rather than by a version the minting side would
/// have to know.
/// </remarks>
[GenerateSerializer, Immutable, Alias("hotline.RevocationList")]
public sealed record RevocationList(
    [Id(0)] long Version,
    [Id(1)] IReadOnlyDictionary<string, DateTimeOffset> Tokens,
    [Id(2)] IReadOnlyDictionary<string, DateTimeOffset> Subjects,
    [Id(3)] IReadOnlyDictionary<string, DateTimeOffset>? Disabled = null)
{
    private static readonly Dictionary<string, DateTimeOffset> None = [];

    /// <summary>Disabled responders by id, with when they were disabled.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> DisabledResponders => Disabled ?? None;

    /// <summary>The longest a hotline token lives (the token command's 720 hours).</summary>
    public static readonly TimeSpan LongestTokenLife = TimeSpan.FromHours(720);

    /// <summary>
    /// How long an entry is kept: past the longest life, with room for the clock skew the token
    /// check allows and for a minting machine's clock running ahead.
    /// </summary>
    public static readonly TimeSpan KeptFor = LongestTokenLife + TimeSpan.FromHours(1);

    public static readonly RevocationList Empty = new(0, new Dictionary<string, DateTimeOffset>(), new Dictionary<string, DateTimeOffset>());

    /// <summary>
    /// Whether a token is refused: its id was revoked, or its subject's tokens were revoked at or
    /// after the second it was issued (tokens carry whole seconds). A token without an id (older
    /// ones) is refused only by its subject. A token naming a disabled responder is refused
    /// whenever it was issued.
    /// </summary>
    public bool Refuses(string? tokenId, string subject, DateTimeOffset issuedAt, string? responderId = null) =>
        (tokenId is not null && Tokens.ContainsKey(tokenId))
        || (responderId is not null && DisabledResponders.ContainsKey(responderId))
        || (Subjects.TryGetValue(subject, out var cutoff) && issuedAt.ToUnixTimeSeconds() <= cutoff.ToUnixTimeSeconds());

    /// <summary>The list with <paramref name="tokenId"/> revoked; itself when it already is (a repeat changes nothing).</summary>
    public RevocationList RevokeToken(string tokenId, DateTimeOffset now) =>
        Tokens.ContainsKey(tokenId) ? this : Pruned(now) with { Version = Version + 1, Tokens = With(Pruned(now).Tokens, tokenId, now) };

    public RevocationList RevokeSubject(string subject, DateTimeOffset now) =>
        Pruned(now) with { Version = Version + 1, Subjects = With(Pruned(now).Subjects, subject, now) };

    /// <summary>The list refusing every token of responder <paramref name="responderId"/>; itself when they already are disabled.</summary>
    public RevocationList DisableResponder(string responderId, DateTimeOffset now) =>
        DisabledResponders.ContainsKey(responderId) ? this : Pruned(now) with { Version = Version + 1, Disabled = With(DisabledResponders, responderId, now) };

    /// <summary>The list no longer refusing responder <paramref name="responderId"/>'s tokens for that; itself when they are not disabled.</summary>
    public RevocationList EnableResponder(string responderId, DateTimeOffset now) =>
        !DisabledResponders.ContainsKey(responderId) ? this : Pruned(now) with
        {
            Version = Version + 1,
            Disabled = DisabledResponders.Where(d => d.Key != responderId).ToDictionary(),
        };

    private RevocationList Pruned(DateTimeOffset now) => this with
    {
        Tokens = Tokens.Where(t => now - t.Value < KeptFor).ToDictionary(),
        Subjects = Subjects.Where(s => now - s.Value < KeptFor).ToDictionary(),
    };

    private static Dictionary<string, DateTimeOffset> With(IReadOnlyDictionary<string, DateTimeOffset> entries, string key, DateTimeOffset at) =>
        new(entries) { [key] = at };
}
