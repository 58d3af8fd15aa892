using Hotline.Domain;
using Hotline.Errors;
using Hotline.Routing;

namespace Hotline.Tests.Routing;

/// <summary>Surge mode in the dispatcher: new contacts go to the triage group or another region; those already waiting stay.</summary>
public sealed class SurgeModeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Roster = ["triage-1", "triage-2", "other"];
    private readonly Dispatcher _dispatcher = new("baku", new RoutingOptions());
    private long _version;

    [Fact]
    public void NewContactsGoOnlyToTheTriageGroupWhileThoseAlreadyWaitingStay()
    {
        Responder("other", idleSince: T0.AddHours(-1));
        Responder("triage-1", idleSince: T0);
        var waiting = Enqueue(T0.AddSeconds(-1));
        _dispatcher.Surge.Set(["triage-1"], null, Roster, T0);
        var diverted = Enqueue(T0);

        var offers = _dispatcher.MatchLocal(T0);

        Assert.Equal([(waiting, "other"), (diverted, "triage-1")], offers.Select(o => (o.ContactId, o.ResponderId)));
    }

    [Fact]
    public void ADivertedContactWaitsForTheGroupRatherThanGoToSomeoneElse()
    {
        Responder("other", idleSince: T0);
        _dispatcher.Surge.Set(["triage-1", "triage-2"], null, Roster, T0);
        var diverted = Enqueue(T0);

        Assert.Empty(_dispatcher.MatchLocal(T0));
        Responder("triage-2", idleSince: T0);
        Assert.Equal((diverted, "triage-2"), Assert.Single(_dispatcher.MatchLocal(T0), o => o.ResponderId != "other") is var o ? (o.ContactId, o.ResponderId) : default);
    }

    [Fact]
    public void DivertedToAnotherRegionItIsOfferedNobodyHereAndIsDueForThatRegionAtOnce()
    {
        Responder("other", idleSince: T0);
        _dispatcher.Surge.Set([], "shaki-zagatala", Roster, T0);
        var diverted = Enqueue(T0);

        Assert.Empty(_dispatcher.MatchLocal(T0));
        var due = Assert.Single(_dispatcher.DueForEscalation(T0));
        Assert.Equal((diverted, EscalationLevel.Region), (due.Entry.Contact.ContactId, due.Level));
    }

    [Fact]
    public void FollowUpsAndTransfersAreNotDiverted()
    {
        Responder("other", idleSince: T0);
        _dispatcher.Surge.Set(["triage-1"], null, Roster, T0);
        var followUp = Guid.NewGuid();
        _dispatcher.Enqueue(Contact(followUp, T0) with { Kind = WorkKind.FollowUp });

        Assert.Equal((followUp, "other"), Assert.Single(_dispatcher.MatchLocal(T0)) is var o ? (o.ContactId, o.ResponderId) : default);
    }

    [Fact]
    public void ClearingRestoresNormalRoutingForThoseDivertedToo()
    {
        Responder("other", idleSince: T0);
        _dispatcher.Surge.Set(["triage-1"], null, Roster, T0);
        var diverted = Enqueue(T0);
        Assert.Empty(_dispatcher.MatchLocal(T0));

        Assert.True(_dispatcher.Surge.Clear());
        Assert.False(_dispatcher.Surge.Clear());
        Assert.Equal(diverted, Assert.Single(_dispatcher.MatchLocal(T0)).ContactId);
    }

    [Fact]
    public void SettingTheSameModeAgainChangesNothingAndAChangedTargetKeepsItsStart()
    {
        var mode = new SurgeMode("baku");
        Assert.True(mode.Set(["triage-2", "triage-1"], null, Roster, T0));
        Assert.False(mode.Set(["triage-1", "triage-2", "triage-1"], null, Roster, T0.AddMinutes(5)));
        Assert.Equal(["triage-1", "triage-2"], mode.Current!.ResponderIds);

        Assert.True(mode.Set([], "shaki-zagatala", Roster, T0.AddMinutes(10)));
        Assert.Equal(new SurgeDiversion([], "shaki-zagatala", T0) with { ResponderIds = mode.Current!.ResponderIds }, mode.Current);
        Assert.Equal(T0, mode.Current!.Since);
    }

    [Fact]
    public void TheTargetMustBeOneOfTriageRespondersOfTheRegionOrAnotherRegion()
    {
        var mode = new SurgeMode("baku");
        Assert.Equal("responder_ids", Assert.Throws<InvalidFieldException>(() => mode.Set([], null, Roster, T0)).Field);
        Assert.Equal("responder_ids", Assert.Throws<InvalidFieldException>(() => mode.Set(["triage-1"], "shaki-zagatala", Roster, T0)).Field);
        Assert.Equal("to_region", Assert.Throws<InvalidFieldException>(() => mode.Set([], "baku", Roster, T0)).Field);
        Assert.Equal("responder_ids", Assert.Throws<FailedPreconditionException>(() => mode.Set(["stranger"], null, Roster, T0)).Field);
        Assert.Null(mode.Current);
    }

    private Guid Enqueue(DateTimeOffset at)
    {
        var id = Guid.NewGuid();
        _dispatcher.Enqueue(Contact(id, at));
        return id;
    }

    private static WaitingContact Contact(Guid id, DateTimeOffset at) =>
        new(id, Guid.NewGuid(), "baku", new ContactNeeds(Channel.Voice, "az", []), Urgency.Normal, at, null);

    private void Responder(string id, DateTimeOffset idleSince) =>
        _dispatcher.UpdateResponder(new ResponderAvailability(id, "baku", ["az"], [], [new ChannelLoad(Channel.Voice, 1, 0)], Presence.Available, true, idleSince, null, ++_version));
}
