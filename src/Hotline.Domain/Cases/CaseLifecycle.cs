using Hotline.Domain;
using Hotline.Errors;

namespace Hotline.Cases;

/// <summary>
/// The case lifecycle, in one table: new → assigned (a contact or transfer accepted) →
/// in progress (work recorded on it) → referred (a referral made) → closed; in progress may
/// also close directly, and a closed case reopens to in progress. Anything else is refused.
/// </summary>
public static class CaseLifecycle
{
    private static readonly Dictionary<CaseStatus, CaseStatus[]> Allowed = new()
    {
        [CaseStatus.New] = [CaseStatus.Assigned],
        [CaseStatus.Assigned] = [CaseStatus.InProgress],
        [CaseStatus.InProgress] = [CaseStatus.Referred, CaseStatus.Closed],
        [CaseStatus.Referred] = [CaseStatus.Closed],
        [CaseStatus.Closed] = [CaseStatus.InProgress],
    };

    public static bool Allows(CaseStatus from, CaseStatus to) => Allowed[from].Contains(to);

    /// <summary>The refusal for a change the case's status does not allow; it names the status.</summary>
    public static FailedPreconditionException Refuse(CaseStatus current, string rule) =>
        new("CaseId", $"the case is {Name(current)}; {rule}");

    /// <summary>The status as the API writes it: new, assigned, in_progress, referred, closed.</summary>
    public static string Name(CaseStatus status) => status switch
    {
        CaseStatus.InProgress => "in_progress",
        _ => status.ToString().ToLowerInvariant(),
    };
}
