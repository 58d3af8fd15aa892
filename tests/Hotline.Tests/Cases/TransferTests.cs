using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Cases;

/// <summary>
/// Transfers are routed live like a contact: an offer on the receiver's stream, accepted or
/// declined. On accept the owner (and for a region transfer, the region) changes; the history
/// shows it either way.
/// </summary>
public sealed class TransferTests : IAsyncLifetime
{
    private HotlineHost _host = null!;
    private CaseScenario _cases = null!;
    private ResponderSession _rauf = null!;

    public async Task InitializeAsync()
    {
        _host = await HotlineHost.StartAsync();
        var leyla = await _host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 20));
        _cases = new CaseScenario(_host, leyla);
        // Rauf speaks Russian only: contacts in Azerbaijani never reach him, a transfer to him does.
        _rauf = await _host.OnlineResponderAsync(Requests.Responder("rauf", CaseScenario.Region, languages: ["ru"], voice: 1));
    }

    public async Task DisposeAsync()
    {
        await _rauf.DisposeAsync();
        await _cases.Owner.DisposeAsync();
        await _host.DisposeAsync();
    }

    private HotlineClients AsRauf => _host.As(HotlineHost.ResponderClaims("rauf"));

    [Fact]
    public async Task ATransferIsOfferedLiveAndOnAcceptTheOwnerChanges()
    {
        var contact = await _cases.InProgressAsync();
        await _cases.CompleteAsync(contact);
        _host.Clock.Advance(TimeSpan.FromSeconds(1));

        var transfer = await _cases.AsOwner.Cases.TransferAsync(new TransferRequest { CaseId = contact.CaseId, ToResponderId = "rauf", Reason = "Caller prefers Russian" });

        var offer = await _rauf.NextOfferAsync(transfer.TransferId);
        Assert.Equal((WorkKind.Transfer, contact.CaseId, "Caller prefers Russian"), (offer.Kind, offer.CaseId, offer.Summary));
        Assert.Equal(transfer.TransferId, (await _cases.ReadAsync(contact.CaseId)).PendingTransferId);
        Assert.Equal("leyla", (await _cases.ReadAsync(contact.CaseId)).OwnerResponderId);

        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        await _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "rauf", ContactId = transfer.TransferId });

        var file = await _cases.ReadAsync(contact.CaseId);
        Assert.Equal(("rauf", CaseStatus.InProgress, ""), (file.OwnerResponderId, file.Status, file.PendingTransferId));
        Assert.Contains(file.History, e => (e.Kind, e.Actor, e.ContactId, e.Detail) == ("transfer_requested", "leyla", transfer.TransferId, "rauf"));
        Assert.Contains(file.History, e => (e.Kind, e.Actor, e.ContactId) == ("transfer_accepted", "rauf", transfer.TransferId));
        Assert.DoesNotContain(transfer.TransferId, file.ContactIds);

        // Accepting took no capacity, and the case is now Rauf's to work, no longer Leyla's.
        Assert.Empty((await _host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "rauf" })).Assignments);
        await AsRauf.Cases.AddNoteAsync(new AddNoteRequest { CaseId = contact.CaseId, Text = "Took over" });
        var leylaRefused = await Assert.ThrowsAsync<RpcException>(() =>
            _cases.AsOwner.Cases.UpdateCaseFactsAsync(new UpdateCaseFactsRequest { CaseId = contact.CaseId, RiskLevel = RiskLevel.Low }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, leylaRefused.StatusCode);
    }

    [Fact]
    public async Task ADeclinedTransferLeavesTheOwnerAndIsInTheHistory()
    {
        var contact = await _cases.InProgressAsync();
        var transfer = await _cases.AsOwner.Cases.TransferAsync(new TransferRequest { CaseId = contact.CaseId, ToResponderId = "rauf" });
        await _rauf.NextOfferAsync(transfer.TransferId);
        var writesBefore = _host.Storage.Writes;

        await _host.Responders.DeclineOfferAsync(new OfferActionRequest { ResponderId = "rauf", ContactId = transfer.TransferId });

        var file = await _cases.ReadAsync(contact.CaseId);
        Assert.Equal(("leyla", ""), (file.OwnerResponderId, file.PendingTransferId));
        Assert.Contains(file.History, e => (e.Kind, e.ContactId) == ("transfer_declined", transfer.TransferId));
        var item = await _host.Intake.GetContactAsync(new GetContactRequest { ContactId = transfer.TransferId });
        Assert.Equal((ContactStatus.Declined, WorkKind.Transfer), (item.Status, item.Kind));
        Assert.Equal(writesBefore + 1, _host.Storage.Writes);

        // Declined means ended: a new transfer may be asked for, and its offer is the next one
        // he sees; the declined one was not offered to him again before it.
        var second = await _cases.AsOwner.Cases.TransferAsync(new TransferRequest { CaseId = contact.CaseId, ToResponderId = "rauf" });
        Assert.NotEqual(transfer.TransferId, second.TransferId);
        var seenBefore = _rauf.Seen.Count;
        await _rauf.NextOfferAsync(second.TransferId);
        Assert.DoesNotContain(_rauf.Seen.Skip(seenBefore), e => e.EventCase == ResponderEvent.EventOneofCase.OfferMade && e.OfferMade.ContactId == transfer.TransferId);
    }

    [Fact]
    public async Task OnlyOneTransferWaitsAtATime()
    {
        var contact = await _cases.InProgressAsync();
        await _cases.AsOwner.Cases.TransferAsync(new TransferRequest { CaseId = contact.CaseId, ToResponderId = "rauf" });

        var second = await Assert.ThrowsAsync<RpcException>(() =>
            _cases.AsOwner.Cases.TransferAsync(new TransferRequest { CaseId = contact.CaseId, ToRegion = "baku" }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, second.StatusCode);
    }

    [Fact]
    public async Task ATransferToAnotherRegionMovesTheCaseWhenARespondentThereAccepts()
    {
        var contact = await _cases.InProgressAsync();
        await _cases.CompleteAsync(contact);
        await using var baku = await _host.OnlineResponderAsync(Requests.Responder("nigar", "baku"));

        var transfer = await _host.Cases.TransferAsync(new TransferRequest { CaseId = contact.CaseId, ToRegion = "baku", Reason = "Moved to Baku" });
        var offer = await baku.NextOfferAsync(transfer.TransferId);
        Assert.Equal((WorkKind.Transfer, "baku"), (offer.Kind, offer.Region));
        await _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "nigar", ContactId = transfer.TransferId });

        var file = await _cases.ReadAsync(contact.CaseId);
        Assert.Equal(("baku", "nigar"), (file.Region, file.OwnerResponderId));
        Assert.Contains(file.History, e => (e.Kind, e.Detail) == ("transfer_accepted", "baku"));
        var listed = await _host.Cases.ListCasesAsync(new ListCasesRequest { Regions = { "baku" } });
        Assert.Contains(listed.Cases, c => c.CaseId == contact.CaseId && c.OwnerResponderId == "nigar");
    }

    [Fact]
    public async Task TheCasesOwnSupervisorCancelsATransferWaitingInAnotherRegion()
    {
        var contact = await _cases.InProgressAsync();
        await _cases.CompleteAsync(contact);
        await _host.Responders.UpsertResponderAsync(Requests.Responder("farid", "baku"));
        var transfer = await _cases.AsOwner.Cases.TransferAsync(new TransferRequest { CaseId = contact.CaseId, ToResponderId = "farid" });
        var shirvan = _host.As(Security.People.SupervisorIn);

        var cancelled = await shirvan.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = transfer.TransferId });

        Assert.Equal(ContactStatus.Abandoned, cancelled.Status);
        var file = await _cases.ReadAsync(contact.CaseId);
        Assert.Equal(("", "leyla"), (file.PendingTransferId, file.OwnerResponderId));
        Assert.Contains(file.History, e => (e.Kind, e.ContactId) == ("transfer_cancelled", transfer.TransferId));
        Assert.Equal(CaseStatus.Closed, (await shirvan.Cases.CloseAsync(new CloseCaseRequest { CaseId = contact.CaseId })).Status);
    }

    [Fact]
    public async Task ANewCaseNobodyTookIsAssignedByATransfer()
    {
        var waiting = await _cases.NewAsync();
        var transfer = await _host.Cases.TransferAsync(new TransferRequest { CaseId = waiting.CaseId, ToResponderId = "rauf" });
        await _rauf.NextOfferAsync(transfer.TransferId);

        await _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "rauf", ContactId = transfer.TransferId });

        var file = await _cases.ReadAsync(waiting.CaseId);
        Assert.Equal((CaseStatus.Assigned, "rauf"), (file.Status, file.OwnerResponderId));
    }
}
