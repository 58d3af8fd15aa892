using Hotline.Api.V1;
using Hotline.Retention;
using Hotline.Tests.Cases;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Security;

/// <summary>
/// No case keeps personal data forever: a case in progress or referred that nobody works shows
/// on its region's retention review, then is closed and erased by retention; work takes it off.
/// </summary>
public sealed class OpenCaseRetentionTests
{
    private static readonly TimeSpan OpenCases = TimeSpan.FromDays(1825), Notice = TimeSpan.FromDays(30);

    [Fact]
    public async Task AnUnworkedCaseIsReviewedThenClosedAndErasedAndWorkKeepsACase()
    {
        await using var host = await HotlineHost.StartAsync();
        await using var aysel = await host.OnlineResponderAsync(Requests.Responder("aysel", CaseScenario.Region, voice: 5));
        var scenario = new CaseScenario(host, aysel);
        var forgotten = await scenario.InProgressAsync();
        var worked = await scenario.InProgressAsync();
        var referred = await scenario.ReferredAsync();
        foreach (var contact in new[] { forgotten, worked, referred })
        {
            await scenario.CompleteAsync(contact);
        }

        var lastActivity = host.Clock.GetUtcNow();
        var sweeper = host.Services.GetRequiredService<RetentionSweeper>();
        host.Clock.Advance(OpenCases - Notice - TimeSpan.FromDays(1));
        Assert.Empty(await ReviewAsync(host.As(People.SupervisorIn)));

        host.Clock.Advance(TimeSpan.FromDays(2));
        await scenario.AsOwner.Cases.AddNoteAsync(new AddNoteRequest { CaseId = worked.CaseId, Text = "Called back; still needs the shelter" });
        var review = await ReviewAsync(host.As(People.SupervisorIn));
        Assert.Equal(new[] { referred.CaseId, forgotten.CaseId }.Order(), review.Select(c => c.CaseId).Order());
        Assert.All(review, c => Assert.Equal(lastActivity + OpenCases, c.RetentionErasesAt.ToDateTimeOffset(), TimeSpan.FromSeconds(1)));
        Assert.Empty(await ReviewAsync(host.As(People.SupervisorOut)));
        Assert.Equal(0, await sweeper.SweepAsync());

        // The sweep's own timer may take some of them first; this one finishes whatever is left.
        host.Clock.Advance(Notice);
        await sweeper.SweepAsync();
        foreach (var gone in new[] { forgotten, referred })
        {
            var file = await host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = gone.CaseId });
            Assert.Equal((CaseStatus.Closed, ""), (file.Status, file.Notes[0].Text));
            Assert.NotNull(file.ErasedAt);
            var audit = await host.As(People.Admin).Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = gone.CaseId });
            Assert.Contains(audit.Records, r => (r.Actor, r.Action) == ("retention", "case_closed"));
        }

        var kept = await host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = worked.CaseId });
        Assert.Equal((CaseStatus.InProgress, "Called back; still needs the shelter"), (kept.Status, kept.Notes[^1].Text));
        Assert.Null(kept.ErasedAt);
    }

    private static async Task<List<CaseSummary>> ReviewAsync(HotlineClients clients) =>
        [.. (await clients.Cases.ListCasesAsync(new ListCasesRequest { RetentionReview = true })).Cases];
}
