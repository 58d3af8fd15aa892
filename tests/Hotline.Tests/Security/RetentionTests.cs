using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Retention;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Security;

/// <summary>Closed cases past retention lose their personal fields and keep their figures; nothing else is touched.</summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(730);
    private HotlineHost _host = null!;
    private ResponderSession _aysel = null!;

    public async Task InitializeAsync()
    {
        _host = await HotlineHost.StartAsync();
        _aysel = await _host.OnlineResponderAsync(Requests.Responder("aysel", People.Region, voice: 5));
    }

    public async Task DisposeAsync()
    {
        await _aysel.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task SweepErasesOnlyCasesClosedLongerThanRetention()
    {
        var old = await CompletedContactAsync();
        var stillOpen = await ConnectedContactAsync();
        var linkedFirst = await CompletedContactAsync();
        _host.Clock.Advance(TimeSpan.FromDays(400));
        var recent = await CompletedContactAsync();
        await _host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = stillOpen.ContactId });
        _host.Clock.Advance(TimeSpan.FromDays(200));
        var linkedLater = await CompletedContactAsync(linkedFirst.CaseId);
        var newerOpen = await ConnectedContactAsync();
        _host.Clock.Advance(Retention - TimeSpan.FromDays(600) + TimeSpan.FromDays(1));

        // Driven by hand; the sweep's own timer may run alongside, which changes nothing.
        var sweeper = _host.Services.GetRequiredService<RetentionSweeper>();
        await sweeper.SweepAsync();

        var erased = await ReadAsync(old.ContactId);
        Assert.Equal(("", "", ""), (erased.Summary, erased.CallerName, erased.Callback));
        Assert.Equal(_host.Clock.GetUtcNow(), erased.ErasedAt.ToDateTimeOffset());
        Assert.Equal((ContactStatus.Completed, Channel.Voice, "mountainous-shirvan", Urgency.Normal, "az"), (erased.Status, erased.Channel, erased.Region, erased.Urgency, erased.Language));
        Assert.Equal(HotlineHost.Start, erased.ReceivedAt.ToDateTimeOffset());
        Assert.NotNull(erased.ConnectedAt);
        var file = await _host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = old.CaseId });
        Assert.NotNull(file.ErasedAt);
        Assert.Equal("personal_data_erased", file.History[^1].Kind);

        foreach (var kept in new[] { stillOpen, linkedFirst, recent, linkedLater, newerOpen })
        {
            var contact = await ReadAsync(kept.ContactId);
            Assert.Equal((kept.Summary, kept.CallerName, kept.Callback), (contact.Summary, contact.CallerName, contact.Callback));
            Assert.NotEqual("", contact.Callback);
            Assert.Null(contact.ErasedAt);
        }

        var audit = await _host.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = old.CaseId });
        Assert.Contains(audit.Records, r => (r.Actor, r.Role, r.Action, r.ContactId) == ("retention", "system", "contact_erased", old.ContactId));

        // Nothing else is due: a second sweep erases nothing.
        Assert.Equal(0, await sweeper.SweepAsync());
    }

    [Fact]
    public async Task TheSweepRunsOnItsOwnWhenItsIntervalPassesOnTheHotlinesClock()
    {
        await using var host = await HotlineHost.StartAsync(null, null, "--Hotline:Retention:SweepInterval=01:00:00", "--Hotline:Retention:ClosedCases=1.00:00:00");
        await using var responder = await host.OnlineResponderAsync(Requests.Responder("rauf", People.Region));
        var contact = await host.As(People.OperatorIn).Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await responder.NextOfferAsync(contact.ContactId);
        await host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "rauf", ContactId = contact.ContactId });
        await host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "rauf", ContactId = contact.ContactId });

        var sweeper = host.Services.GetRequiredService<RetentionSweeper>();
        var erasing = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        sweeper.Swept += erased =>
        {
            if (erased > 0)
            {
                erasing.TrySetResult(erased);
            }
        };
        host.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));

        Assert.Equal(1, await erasing.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        var read = await host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId });
        Assert.Equal("", read.Summary);
    }

    [Fact]
    public async Task AdminErasesAClosedCaseOnRequestButNotAnOpenOne()
    {
        var open = await ConnectedContactAsync();
        var closed = await CompletedContactAsync();
        var admin = _host.As(People.Admin);

        var refused = await Assert.ThrowsAsync<RpcException>(() => admin.Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = open.CaseId }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal(open.Summary, (await ReadAsync(open.ContactId)).Summary);

        var first = await admin.Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = closed.CaseId });
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await admin.Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = closed.CaseId });
        Assert.Equal(first.ErasedAt, again.ErasedAt);
        Assert.Equal("", (await ReadAsync(closed.ContactId)).Summary);
        var audit = await admin.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = closed.CaseId });
        Assert.Single(audit.Records, r => r.Action == "contact_erased" && r.Actor == "admin-1" && r.Role == "admin");
    }

    private Task<Contact> ReadAsync(string contactId) => _host.Intake.GetContactAsync(new GetContactRequest { ContactId = contactId }).ResponseAsync;

    private async Task<Contact> ConnectedContactAsync(string? caseId = null)
    {
        var request = Requests.Contact("AZ-ISM");
        request.CaseId = caseId ?? "";
        request.CallerName = $"name for {request.RequestId}";
        request.Callback = $"callback for {request.RequestId}";
        request.CallerReference = $"+994 {request.RequestId}";
        var contact = await _host.As(People.OperatorIn).Intake.OpenContactAsync(request);
        await _aysel.NextOfferAsync(contact.ContactId);
        await _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = contact.ContactId });
        await _host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId });
        return contact;
    }

    private async Task<Contact> CompletedContactAsync(string? caseId = null)
    {
        var contact = await ConnectedContactAsync(caseId);
        await _host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = contact.ContactId });
        return contact;
    }
}
