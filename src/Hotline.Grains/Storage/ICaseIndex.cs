using Hotline.Domain;

namespace Hotline.Storage;

/// <summary>
/// The case index the database keeps beside the grain records (see 004-cases.sql): what
/// listing, the follow-up scheduler and the returning-caller lookup read instead of loading
/// case grains. No personal data passes through it.
/// </summary>
public interface ICaseIndex
{
    /// <summary>The caller's case in <paramref name="region"/> that is not closed, by the keyed hash of their number; the latest if several.</summary>
    Task<Guid?> OpenCaseOfCaller(string callerKey, string region, CancellationToken cancellationToken = default);

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
/// ended; <see cref="Regions"/> null means every region.
/// </summary>
public sealed record CaseQuery(
    IReadOnlyCollection<string>? Regions,
    IReadOnlyCollection<CaseStatus>? Statuses,
    string? Owner,
    string? OpenedBy,
    DateTimeOffset? FollowUpDueBy,
    CaseCursor? After,
    int Limit);

/// <summary>A position in the listing order.</summary>
public sealed record CaseCursor(long LastActivityMs, Guid CaseId);

/// <summary>A case as listed: ids, codes and times only.</summary>
public sealed record CaseListing(
    Guid CaseId,
    string Region,
    CaseStatus Status,
    string? Owner,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastActivityAt,
    DateTimeOffset? NextFollowUpAt)
{
    public CaseCursor Cursor => new(LastActivityAt.ToUnixTimeMilliseconds(), CaseId);
}

/// <summary>A page of cases, and where the next begins (null on the last page).</summary>
public sealed record CasePage(IReadOnlyList<CaseListing> Cases, CaseCursor? Next);

/// <summary>A case with a follow-up due, and when its next one is due (Unix milliseconds).</summary>
public sealed record DueFollowUp(Guid CaseId, long DueMs);
