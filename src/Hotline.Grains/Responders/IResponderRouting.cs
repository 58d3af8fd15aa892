using Hotline.Access;
using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Responders;

/// <summary>
/// The same responder as <see cref="IResponderGrain"/>, as dispatchers and contacts see it:
/// offers made, missed and withdrawn, contacts ended elsewhere. Never called by the gateway.
/// </summary>
public interface IResponderRouting : IGrainWithStringKey
{
    /// <summary>A dispatcher offers a contact; refused back when it cannot be taken.</summary>
    [OneWay]
    Task ReceiveOffer(Offer offer);

    /// <summary>The offer's deadline passed: it is withdrawn and the responder set away.</summary>
    [OneWay]
    Task OfferMissed(Offer offer);

    /// <summary>The dispatcher withdrew the offer (the contact ended while waiting, or a supervisor gave it to someone else).</summary>
    [OneWay]
    Task OfferRescinded(Guid offerId, Guid contactId, RescindReason reason);

    /// <summary>The contact was ended from the operator's side.</summary>
    [OneWay]
    Task ContactEnded(Guid contactId);

    /// <summary>A dispatcher restarted and asks its responders to report again.</summary>
    [OneWay]
    Task ResendAvailability();
}
