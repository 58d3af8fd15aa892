using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Hotline.Api.V1;
using FollowUpScheduler = Hotline.Cases.FollowUpScheduler;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Cases;

/// <summary>
/// ListCases reads the case index, newest activity first (ties by case id, descending), a
/// page at a time: paging through every case of a region and status returns each exactly
/// once, in order.
/// </summary>
public sealed class CaseListingTests
{
    // A thousand cases are as many pages as ten thousand were once the pages are a tenth the
    // size: every listing still spans pages, page ends fall inside runs of cases opened in the
    // same millisecond (ordered by case id), and two listings end exactly on a page boundary,
    // one of them at the largest page size.
    private const int Shirvan = 500;
    private const int Baku = 300;
    private const int Ganja = 200;
    private const int Assigned = 20;

    [Fact]
    public async Task AThousandCasesPagedByRegionAndStatusComeBackEachExactlyOnceInOrder()
    {
        await using var host = await HotlineHost.StartAsync();
        var created = new List<Contact>();
        created.AddRange(await OpenAsync(host, "AZ-ISM", Shirvan - Assigned));
        created.AddRange(await OpenAsync(host, "AZ-BA", Baku));
        created.AddRange(await OpenAsync(host, "AZ-GA", Ganja));

        await using var leyla = await host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: Assigned));
        var cases = new CaseScenario(host, leyla);
        var assigned = new List<Contact>();
        for (var i = 0; i < Assigned; i++)
        {
            host.Clock.Advance(TimeSpan.FromMilliseconds(3));
            assigned.Add(await cases.AssignedAsync());
        }

        Assert.Equal(1_000, created.Count + assigned.Count);
        var byRegion = created.ToLookup(c => c.Region);

        await ExpectPagesAsync(host, ["mountainous-shirvan"], [CaseStatus.New], byRegion["mountainous-shirvan"], 50);
        await ExpectPagesAsync(host, ["mountainous-shirvan"], [CaseStatus.Assigned], assigned, 7);
        await ExpectPagesAsync(host, ["baku"], [], byRegion["baku"], 26);
        await ExpectPagesAsync(host, ["ganja-dashkasan", "baku"], [CaseStatus.New], byRegion["ganja-dashkasan"].Concat(byRegion["baku"]), 50);
        await ExpectPagesAsync(host, [], [CaseStatus.Assigned, CaseStatus.New], created.Concat(assigned), Hotline.Gateway.Validation.CaseRequestValidator.MaxPageSize);
    }

    [Fact]
    public async Task AListingShowsStatusOwnerAndFollowUpsDueAndFiltersByThem()
    {
        await using var host = await HotlineHost.StartAsync(null, null, "--Hotline:FollowUps:PollInterval=00:10:00");
        var scheduler = host.Services.GetRequiredService<FollowUpScheduler>();
        var passes = System.Threading.Channels.Channel.CreateUnbounded<int>();
        scheduler.Routed += routed => passes.Writer.TryWrite(routed);
        await using var leyla = await host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        var cases = new CaseScenario(host, leyla);
        var quiet = await cases.InProgressAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var due = await cases.InProgressAsync();
        await cases.ConsentAsync(due.CaseId, share: false, contactBack: true);
        var followUp = await cases.AsOwner.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest { CaseId = due.CaseId, Kind = FollowUpKind.CallBack, DueAt = cases.In(TimeSpan.FromHours(1)) });

        var mine = await cases.AsOwner.Cases.ListCasesAsync(new ListCasesRequest { OwnerResponderId = "leyla", Statuses = { CaseStatus.InProgress } });
        Assert.Equal([due.CaseId, quiet.CaseId], mine.Cases.Select(c => c.CaseId));
        Assert.All(mine.Cases, c => Assert.Equal(("leyla", CaseStatus.InProgress, "mountainous-shirvan"), (c.OwnerResponderId, c.Status, c.Region)));
        Assert.Equal(followUp.DueAt, mine.Cases[0].NextFollowUpAt);

        Assert.Empty((await host.Cases.ListCasesAsync(new ListCasesRequest { FollowUpsDue = true })).Cases);

        // A pass at +55 min finds nothing due; at +61 min the follow-up is due and the next pass is not before +65.
        host.Clock.Advance(TimeSpan.FromMinutes(55));
        Assert.Equal(0, await passes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)));
        host.Clock.Advance(TimeSpan.FromMinutes(6));
        var dueNow = await host.Cases.ListCasesAsync(new ListCasesRequest { FollowUpsDue = true });
        Assert.Equal([due.CaseId], dueNow.Cases.Select(c => c.CaseId));

        // The next pass routes it, and it is no longer due.
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await passes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Empty((await host.Cases.ListCasesAsync(new ListCasesRequest { FollowUpsDue = true })).Cases);
        Assert.Null((await host.Cases.ListCasesAsync(new ListCasesRequest())).Cases.Single(c => c.CaseId == due.CaseId).NextFollowUpAt);
    }

    [Fact]
    public async Task APageTokenThatWasNotGivenIsRefused()
    {
        await using var host = await HotlineHost.StartAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Cases.ListCasesAsync(new ListCasesRequest { PageToken = "YzE6MTox" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("page_token", refused.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task<List<Contact>> OpenAsync(HotlineHost host, string location, int count)
    {
        var opened = new Contact[count];
        using var gate = new SemaphoreSlim(16);
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                if (i % 9 == 0)
                {
                    host.Clock.Advance(TimeSpan.FromMilliseconds(1));
                }

                // A language nobody speaks: every case stays new, none is offered.
                opened[i] = await host.Intake.OpenContactAsync(Requests.Contact(location, "lez"));
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
        return [.. opened];
    }

    private static async Task ExpectPagesAsync(HotlineHost host, string[] regions, CaseStatus[] statuses, IEnumerable<Contact> expected, int pageSize)
    {
        var seen = new List<CaseSummary>();
        var token = "";
        var pages = 0;
        do
        {
            var request = new ListCasesRequest { PageSize = pageSize, PageToken = token };
            request.Regions.AddRange(regions);
            request.Statuses.AddRange(statuses);
            var page = await host.Cases.ListCasesAsync(request);
            Assert.True(page.Cases.Count <= pageSize);
            seen.AddRange(page.Cases);
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        var want = expected.Select(c => c.CaseId).ToHashSet();
        Assert.Equal(want.Count, seen.Count);
        Assert.Equal(want.Count, seen.Select(c => c.CaseId).Distinct().Count());
        Assert.True(want.SetEquals(seen.Select(c => c.CaseId)), "the pages hold exactly the cases asked for");
        Assert.Equal((want.Count + pageSize - 1) / pageSize, pages);
        for (var i = 1; i < seen.Count; i++)
        {
            var (previous, next) = (seen[i - 1], seen[i]);
            var ordered = previous.LastActivityAt > next.LastActivityAt
                || (previous.LastActivityAt == next.LastActivityAt && string.CompareOrdinal(previous.CaseId, next.CaseId) > 0);
            Assert.True(ordered, $"case {i} of the listing is out of order");
        }
    }
}
