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
    public EscalationLevel LevelFor(WaitingContact contact, DateTimeOffset now)
    {
        var waited = now - contact.EnqueuedAt;
        if (waited >= options.NationalAfter.For(contact.Urgency))
        {
            return EscalationLevel.National;
        }

        return waited >= options.NeighbourAfter.For(contact.Urgency) ? EscalationLevel.Neighbours : EscalationLevel.Region;
    }
}
