using Hotline.Domain;

namespace Hotline.Routing;

/// <summary>Routing settings (section <c>Hotline:Routing</c>).</summary>
public sealed class RoutingOptions
{
    public const string Section = "Hotline:Routing";

    /// <summary>How long a responder has to accept an offer.</summary>
    public TimeSpan OfferTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a dispatcher checks deadlines and escalation.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The most contacts one region's queue holds waiting (1 to 100,000): an intake past it is
    /// refused (RESOURCE_EXHAUSTED, not acknowledged) and the region's supervisors are alerted.
    /// </summary>
    public int MaxWaitingPerRegion { get; set; } = 2_000;

    /// <summary>
    /// Urgency steps with waiting, so a low contact cannot starve behind a stream of more urgent
    /// ones (off until configured). Order is effective urgency, then arrival.
    /// </summary>
    public UrgencyAging Aging { get; set; } = new();

    /// <summary>
    /// Per skill, the wait after which it is no longer required (for example <c>legal_aid</c>
    /// after two minutes). A skill not named here is always required.
    /// </summary>
    public Dictionary<string, TimeSpan> SkillRelaxation { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Per language, the wait after which a responder of any language may take the contact. Empty
    /// by default: a language is never dropped unless named here.
    /// </summary>
    public Dictionary<string, TimeSpan> LanguageRelaxation { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Wrap-up after a contact ends, per channel: no offer on that channel meanwhile.</summary>
    public WrapUpTimes WrapUp { get; set; } = new();

    /// <summary>Attempts and retry delay of queued call-backs.</summary>
    public Contacts.CallBackOptions CallBack { get; set; } = new();

    /// <summary>
    /// The national on-call region (a region code) that takes new contacts of a region out of its
    /// hours; empty keeps them as call-backs for the region's next opening.
    /// </summary>
    public string OnCall { get; set; } = "";

    /// <summary>Waiting time after which a contact is offered to neighbouring regions too.</summary>
    public EscalationThresholds NeighbourAfter { get; set; } = new()
    {
        ImminentDanger = TimeSpan.FromSeconds(15),
        High = TimeSpan.FromSeconds(45),
        Normal = TimeSpan.FromSeconds(90),
        Low = TimeSpan.FromSeconds(180),
    };

    /// <summary>Waiting time after which a contact is offered to the whole country.</summary>
    public EscalationThresholds NationalAfter { get; set; } = new()
    {
        ImminentDanger = TimeSpan.FromSeconds(45),
        High = TimeSpan.FromSeconds(120),
        Normal = TimeSpan.FromSeconds(300),
        Low = TimeSpan.FromSeconds(600),
    };
}

/// <summary>One waiting-time threshold per urgency.</summary>
public sealed class EscalationThresholds
{
    public TimeSpan ImminentDanger { get; set; }
    public TimeSpan High { get; set; }
    public TimeSpan Normal { get; set; }
    public TimeSpan Low { get; set; }

    public TimeSpan For(Urgency urgency) => urgency switch
    {
        Urgency.ImminentDanger => ImminentDanger,
        Urgency.High => High,
        Urgency.Low => Low,
        _ => Normal,
    };
}
