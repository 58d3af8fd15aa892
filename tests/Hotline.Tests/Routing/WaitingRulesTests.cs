using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Tests.Routing;

/// <summary>Priority that grows with waiting and staged skill relaxation, in the dispatcher's order, on explicit times.</summary>
public sealed class WaitingRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private long _version;

    private static RoutingOptions Aging(TimeSpan? lowToNormal = null, TimeSpan? normalToHigh = null, TimeSpan? highToDanger = null) => new()
    {
        Aging = new UrgencyAging { LowToNormal = lowToNormal, NormalToHigh = normalToHigh, HighToImminentDanger = highToDanger },
    };

    [Fact]
    public void ALowContactStepsUpAfterItsWaitAndKeepsItsArrivalPositionAmongNormalOnes()
    {
        var dispatcher = new Dispatcher("baku", Aging(lowToNormal: TimeSpan.FromMinutes(2)));
        var low = Enqueue(dispatcher, Urgency.Low, T0);
        var normalBefore = Enqueue(dispatcher, Urgency.Normal, T0.AddSeconds(-5));
        var normalAfter = Enqueue(dispatcher, Urgency.Normal, T0.AddSeconds(30));

        dispatcher.DueForEscalation(T0.AddMinutes(2).AddSeconds(-1));
        Assert.Equal([normalBefore, normalAfter, low], dispatcher.Waiting.Select(w => w.ContactId));

        dispatcher.DueForEscalation(T0.AddMinutes(2));
        Assert.Equal([normalBefore, low, normalAfter], dispatcher.Waiting.Select(w => w.ContactId));
        var entry = dispatcher.Queue.Find(low)!;
        Assert.Equal((Urgency.Normal, true), (entry.Urgency, entry.Aged));
        Assert.Equal(Urgency.Low, entry.Contact.Urgency);
    }

    [Fact]
    public void AContactDueForTwoStepsTakesBothButNeverReachesImminentDangerUnlessConfigured()
    {
        var dispatcher = new Dispatcher("baku", Aging(lowToNormal: TimeSpan.FromMinutes(1), normalToHigh: TimeSpan.FromMinutes(3)));
        var low = Enqueue(dispatcher, Urgency.Low, T0);
        var high = Enqueue(dispatcher, Urgency.High, T0.AddMinutes(-1));

        dispatcher.DueForEscalation(T0.AddHours(5));

        Assert.Equal(Urgency.High, dispatcher.Queue.Find(low)!.Urgency);
        Assert.Equal(Urgency.High, dispatcher.Queue.Find(high)!.Urgency);
        Assert.Equal([high, low], dispatcher.Waiting.Select(w => w.ContactId));
    }

    [Fact]
    public void HighReachesImminentDangerOnlyWithItsOwnStepConfigured()
    {
        var dispatcher = new Dispatcher("baku", Aging(highToDanger: TimeSpan.FromMinutes(10)));
        var high = Enqueue(dispatcher, Urgency.High, T0);
        var danger = Enqueue(dispatcher, Urgency.ImminentDanger, T0.AddMinutes(5));

        dispatcher.DueForEscalation(T0.AddMinutes(10));

        Assert.Equal([high, danger], dispatcher.Waiting.Select(w => w.ContactId));
        Assert.Equal(Urgency.ImminentDanger, dispatcher.Queue.Find(high)!.Urgency);
    }

    [Fact]
    public void WithoutAgingConfiguredNothingStepsUp()
    {
        var dispatcher = new Dispatcher("baku", new RoutingOptions());
        var low = Enqueue(dispatcher, Urgency.Low, T0);
        dispatcher.DueForEscalation(T0.AddDays(1));
        Assert.False(dispatcher.Queue.Find(low)!.Aged);
    }

    [Fact]
    public void MatchingUsesTheSteppedUpOrder()
    {
        var dispatcher = new Dispatcher("baku", Aging(lowToNormal: TimeSpan.FromMinutes(2)));
        var low = Enqueue(dispatcher, Urgency.Low, T0);
        Enqueue(dispatcher, Urgency.Normal, T0.AddMinutes(1));
        Responder(dispatcher, "a");

        Assert.Equal(low, Assert.Single(dispatcher.MatchLocal(T0.AddMinutes(2))).ContactId);
    }

    [Fact]
    public void SteppedUpUrgencyEscalatesByItsOwnThresholds()
    {
        var options = Aging(lowToNormal: TimeSpan.FromMinutes(2));
        var dispatcher = new Dispatcher("baku", options);
        var low = Enqueue(dispatcher, Urgency.Low, T0);

        // Low widens to the neighbours after 180 s; once it counts as normal, after normal's 90 s.
        var due = Assert.Single(dispatcher.DueForEscalation(T0.AddMinutes(2)));
        Assert.Equal((low, EscalationLevel.Neighbours), (due.Entry.Contact.ContactId, due.Level));
    }

    [Fact]
    public void ALowContactWaitsNoLongerThanItsCeilingBehindASteadyStreamOfNormalOnes()
    {
        var step = TimeSpan.FromMinutes(1);
        var aged = Simulate(Aging(lowToNormal: step, normalToHigh: TimeSpan.FromMinutes(3)));
        Assert.NotNull(aged);
        // Its ceiling: the step, then at most one contact's work before the responder is free.
        Assert.InRange(aged.Value, step, step + Work);

        // The same stream without aging: the low one is never answered.
        Assert.Null(Simulate(new RoutingOptions()));
    }

    private static readonly TimeSpan Work = TimeSpan.FromSeconds(30);

    /// <summary>
    /// One responder taking one contact at a time, each worked for 30 s, while a normal contact
    /// arrives every 20 s (so normal ones always wait); a low one arrives first. How long the low
    /// one waited to be offered, or null when it still waits after half an hour.
    /// </summary>
    private TimeSpan? Simulate(RoutingOptions options)
    {
        var dispatcher = new Dispatcher("baku", options);
        var low = Enqueue(dispatcher, Urgency.Low, T0);
        var busyUntil = T0;
        for (var now = T0; now < T0.AddMinutes(30); now = now.AddSeconds(5))
        {
            if ((now - T0).TotalSeconds % 20 == 0)
            {
                Enqueue(dispatcher, Urgency.Normal, now);
            }

            if (now < busyUntil)
            {
                continue;
            }

            Responder(dispatcher, "only");
            if (dispatcher.MatchLocal(now) is [var offer])
            {
                dispatcher.ConfirmAccept(offer.OfferId, offer.ContactId, offer.ResponderId, now);
                if (offer.ContactId == low)
                {
                    return now - T0;
                }

                busyUntil = now + Work;
                Responder(dispatcher, "only", load: 1);
            }
        }

        return null;
    }

    [Fact]
    public void ARelaxedSkillIsDroppedAfterItsWaitAndTheOthersStay()
    {
        var options = new RoutingOptions { SkillRelaxation = { ["legal_aid"] = TimeSpan.FromMinutes(2) } };
        var dispatcher = new Dispatcher("baku", options);
        var contact = Enqueue(dispatcher, Urgency.Normal, T0, skills: ["legal_aid", "shelter"]);
        Responder(dispatcher, "shelter-only", skills: ["shelter"]);

        Assert.Empty(dispatcher.MatchLocal(T0.AddMinutes(2).AddSeconds(-1)));
        var offer = Assert.Single(dispatcher.MatchLocal(T0.AddMinutes(2)));

        Assert.Equal((contact, "shelter-only"), (offer.ContactId, offer.ResponderId));
        Assert.Equal(["shelter"], offer.Needs.Skills);
        Assert.True(dispatcher.Queue.Find(contact)!.Relaxed);
    }

    [Fact]
    public void ASkillNotConfiguredIsNeverDropped()
    {
        var options = new RoutingOptions { SkillRelaxation = { ["legal_aid"] = TimeSpan.FromMinutes(2) } };
        var dispatcher = new Dispatcher("baku", options);
        Enqueue(dispatcher, Urgency.Normal, T0, skills: ["shelter"]);
        Responder(dispatcher, "no-skills");

        Assert.Empty(dispatcher.MatchLocal(T0.AddDays(1)));
    }

    [Fact]
    public void TheLanguageIsNeverRelaxedUnlessConfiguredForThatLanguage()
    {
        var skillsOnly = new Dispatcher("baku", new RoutingOptions { SkillRelaxation = { ["shelter"] = TimeSpan.FromSeconds(1) } });
        Enqueue(skillsOnly, Urgency.Normal, T0, language: "en");
        Responder(skillsOnly, "az-ru");
        Assert.Empty(skillsOnly.MatchLocal(T0.AddDays(1)));

        var withLanguage = new Dispatcher("baku", new RoutingOptions { LanguageRelaxation = { ["en"] = TimeSpan.FromMinutes(5) } });
        var contact = Enqueue(withLanguage, Urgency.Normal, T0, language: "en");
        Responder(withLanguage, "az-ru");
        Assert.Empty(withLanguage.MatchLocal(T0.AddMinutes(4)));
        var offer = Assert.Single(withLanguage.MatchLocal(T0.AddMinutes(5)));
        Assert.Equal((contact, true), (offer.ContactId, offer.Needs.AnyLanguage));
    }

    [Fact]
    public void RelaxedNeedsReachOtherRegionsCandidatesToo()
    {
        var options = new RoutingOptions { SkillRelaxation = { ["medical"] = TimeSpan.FromMinutes(1) } };
        var rules = new WaitingRules(options);
        var needs = new ContactNeeds(Channel.Voice, "az", ["medical", "shelter"]);

        Assert.Same(needs, rules.Relaxed(needs, TimeSpan.FromSeconds(59)));
        Assert.Equal(["shelter"], rules.Relaxed(needs, TimeSpan.FromMinutes(1)).Skills);
        Assert.Equal(TimeSpan.FromMinutes(1), rules.NextRelaxation(needs, TimeSpan.Zero));
        Assert.Null(rules.NextRelaxation(needs, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void AContactThatLeftBeforeItsRelaxationIsNotTouchedWhenItComesBack()
    {
        var options = new RoutingOptions { SkillRelaxation = { ["legal_aid"] = TimeSpan.FromMinutes(2) } };
        var dispatcher = new Dispatcher("baku", options);
        var contact = Enqueue(dispatcher, Urgency.Normal, T0, skills: ["legal_aid"]);
        var first = dispatcher.Queue.Find(contact)!;
        dispatcher.Remove(contact);
        var again = dispatcher.Queue.Add(first.Contact);

        dispatcher.DueForEscalation(T0.AddMinutes(3));

        Assert.False(first.Relaxed);
        Assert.True(again.Relaxed);
    }

    [Theory]
    [InlineData("00:01:00", "00:02:00", null, true)]
    [InlineData("00:02:00", "00:01:00", null, false)]
    [InlineData("00:00:00", null, null, false)]
    [InlineData(null, null, "00:05:00", true)]
    [InlineData("00:01:00", null, "00:00:30", false)]
    public void AgingStepsMustBePositiveAndInOrder(string? low, string? normal, string? high, bool valid)
    {
        var aging = new UrgencyAging
        {
            LowToNormal = low is null ? null : TimeSpan.Parse(low, System.Globalization.CultureInfo.InvariantCulture),
            NormalToHigh = normal is null ? null : TimeSpan.Parse(normal, System.Globalization.CultureInfo.InvariantCulture),
            HighToImminentDanger = high is null ? null : TimeSpan.Parse(high, System.Globalization.CultureInfo.InvariantCulture),
        };
        Assert.Equal(valid, aging.IsValid());
    }

    private static Guid Enqueue(Dispatcher dispatcher, Urgency urgency, DateTimeOffset at, string language = "az", string[]? skills = null)
    {
        var id = Guid.NewGuid();
        dispatcher.Enqueue(new WaitingContact(id, Guid.NewGuid(), "baku", new ContactNeeds(Channel.Voice, language, skills ?? []), urgency, at, null));
        return id;
    }

    private void Responder(Dispatcher dispatcher, string id, string[]? skills = null, int load = 0) =>
        dispatcher.UpdateResponder(new ResponderAvailability(id, "baku", ["az", "ru"], skills ?? [], [new ChannelLoad(Channel.Voice, 1, load)],
            Presence.Available, true, T0, null, ++_version));
}
