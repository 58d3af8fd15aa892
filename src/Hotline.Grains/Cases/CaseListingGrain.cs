using Hotline.Access;
using Hotline.Audit;
using Hotline.Domain;
using Hotline.Ports;
using Hotline.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hotline.Cases;

/// <summary>
/// Reads pages of the case index for a gateway, which holds no database connection of its
/// own (in a cluster it is an Orleans client). A stateless worker: any silo answers, several at once.
/// </summary>
public interface ICaseListingGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// One page of cases (see <see cref="ICaseIndex.List"/>); each case listed gets a line in its
    /// audit saying that <paramref name="by"/> listed it under <paramref name="role"/>, before the page is returned.
    /// </summary>
    Task<CasePage> List(CaseQuery query, Caller by, Roles role);
}

/// <summary>
/// Lists cases, saying for each case in progress or referred when retention will close and
/// erase it; the retention review is the cases where that is within the notice.
/// </summary>
[StatelessWorker]
public sealed class CaseListingGrain(
    ICaseIndex index,
    IAuditLog audit,
    IOptions<RetentionOptions> retention,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock) : Grain, ICaseListingGrain
{
    public async Task<CasePage> List(CaseQuery query, Caller by, Roles role)
    {
        var options = retention.Value;
        if (query.RetentionReview)
        {
            var open = new[] { CaseStatus.InProgress, CaseStatus.Referred };
            query = query with
            {
                Statuses = query.Statuses is { Count: > 0 } asked ? [.. asked.Intersect(open)] : open,
                InactiveBefore = clock.GetUtcNow() - options.OpenCases + options.ReviewNotice,
            };
            if (query.Statuses.Count == 0)
            {
                return new CasePage([], null);
            }
        }

        var page = await index.List(query);
        var now = clock.GetUtcNow();
        await audit.AppendAllAsync([.. page.Cases.Select(c => new AuditEntry(c.CaseId, null, now, by.Subject, Caller.RoleName(role), AuditActions.CaseListed))]);
        return page with
        {
            Cases = [.. page.Cases.Select(c => c.Status is CaseStatus.InProgress or CaseStatus.Referred ? c with { RetentionErasesAt = c.LastActivityAt + options.OpenCases } : c)],
        };
    }
}
