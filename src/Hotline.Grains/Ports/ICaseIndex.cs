using Hotline.Domain;

namespace Hotline.Ports;

/// <summary>
/// The case index the database keeps beside the grain records (see 004-cases.sql): what
/// listing, the follow-up scheduler and the returning-caller lookup read instead of loading
/// case grains. No personal data passes through it.
/// </summary>
public interface ICaseIndex
{
    /// <summary>The caller's case in <paramref name="region"/> that is not closed, by the keyed hash of their number; the latest if several.</summary>
    Task<Guid?> OpenCaseOfCaller(string callerKey, string region, CancellationToken cancellationToken = default);

    /// <summary>Every case opened from the caller's number (by its keyed hash), in every region, erased ones aside.</summary>
    Task<IReadOnlyList<(Guid CaseId, string Region)>> CasesOfCaller(string callerKey, CancellationToken cancellationToken = default);

    /// <summary>One page of cases, newest activity first (ties by case id, descending).</summary>
    Task<CasePage> List(CaseQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cases with a follow-up due at or before <paramref name="now"/>, soonest first (ties by
    /// case id), starting after <paramref name="after"/>.
    /// </summary>
    Task<IReadOnlyList<DueFollowUp>> FollowUpsDue(DateTimeOffset now, DueFollowUp? after, int limit, CancellationToken cancellationToken = default);
}

/// <summary>
/// What to list. Null members do not filter. <see cref="After"/> is where the previous page
/// ended; <see cref="Regions"/> null means every region. <see cref="InactiveBefore"/> keeps
/// cases with no activity since then; <see cref="RetentionReview"/> asks the listing grain
/// for the cases retention will close and erase soon (see Retention/RetentionOptions).
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.CaseQuery")]
public sealed record CaseQuery(
    [Id(0)] IReadOnlyCollection<string>? Regions,
    [Id(1)] IReadOnlyCollection<CaseStatus>? Statuses,
    [Id(2)] string? Owner,
    [Id(3)] string? OpenedBy,
    [Id(4)] DateTimeOffset? FollowUpDueBy,
    [Id(5)] CaseCursor? After,
    [Id(6)] int Limit,
    [Id(7)] DateTimeOffset? InactiveBefore = null,
    [Id(8)] bool RetentionReview = false,
    [Id(9)] DateTimeOffset? OpenedSince = null);

/// <summary>A position in the listing order.</summary>
[GenerateSerializer, Immutable, Alias("hotline.CaseCursor")]
public sealed record CaseCursor([Id(0)] long LastActivityMs, [Id(1)] Guid CaseId);

/// <summary>A case as listed: ids, codes and times only.</summary>
[GenerateSerializer, Immutable, Alias("hotline.CaseListing")]
public sealed record CaseListing(
    [Id(0)] Guid CaseId,
    [Id(1)] string Region,
    [Id(2)] CaseStatus Status,
    [Id(3)] string? Owner,
    [Id(4)] DateTimeOffset OpenedAt,
    [Id(5)] DateTimeOffset LastActivityAt,
    [Id(6)] DateTimeOffset? NextFollowUpAt,
    [Id(7)] DateTimeOffset? RetentionErasesAt = null)
{
    public CaseCursor Cursor => new(LastActivityAt.ToUnixTimeMilliseconds(), CaseId);
}

/// <summary>A page of cases, and where the next begins (null on the last page).</summary>
[GenerateSerializer, Immutable, Alias("hotline.CasePage")]
public sealed record CasePage([Id(0)] IReadOnlyList<CaseListing> Cases, [Id(1)] CaseCursor? Next);

/// <summary>A case with a follow-up due, and when its next one is due (Unix milliseconds).</summary>
public sealed record DueFollowUp(Guid CaseId, long DueMs);
