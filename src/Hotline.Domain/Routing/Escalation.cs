using Hotline.Domain;

namespace Hotline.Routing;

/// <summary>How far a waiting contact's search has widened.</summary>
public enum EscalationLevel
{
    Region = 0,
    Neighbours = 1,
    National = 2,
}

/// <summary>Decides how far a contact's search reaches from how long it has waited.</summary>
public sealed class EscalationPolicy(RoutingOptions options)
{
    public EscalationLevel LevelFor(WaitingContact contact, DateTimeOffset now) => LevelFor(contact.Urgency, contact.EnqueuedAt, now);

    /// <summary>The reach of a contact that counts as <paramref name="urgency"/> (after aging) and entered at <paramref name="enqueuedAt"/>.</summary>
    public EscalationLevel LevelFor(Urgency urgency, DateTimeOffset enqueuedAt, DateTimeOffset now)
    {
        var waited = now - enqueuedAt;
        if (waited >= options.NationalAfter.For(urgency))
        {
            return EscalationLevel.National;
        }

        return waited >= options.NeighbourAfter.For(urgency) ? EscalationLevel.Neighbours : EscalationLevel.Region;
    }
}
