using Hotline.Contacts;

namespace Hotline.Ports;

/// <summary>
/// Reads the open-contacts index the database keeps beside grain state: the source from
/// which dispatchers and responders rebuild what they hold in memory after a restart.
/// </summary>
public interface IOpenContacts
{
    /// <summary>Contacts waiting in a region, as last written.</summary>
    Task<IReadOnlyList<ContactState>> WaitingIn(string region, CancellationToken cancellationToken);

    /// <summary>Contacts a responder is connected to, as last written.</summary>
    Task<IReadOnlyList<ContactState>> ConnectedTo(string responderId, CancellationToken cancellationToken);
}
