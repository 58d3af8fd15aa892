namespace Hotline.Contacts;

/// <summary>One inbound contact, "the call" (key: contact id, derived from the intake request id).</summary>
public interface IContactGrain : IGrainWithGuidKey
{
    /// <summary>Records the contact, links it to an existing case when named, and queues it. A retry returns the same contact.</summary>
    Task<ContactSnapshot> Open(OpenContactCommand command);

    /// <summary>
    /// The contact now, or null when it does not exist. Interleaves: it only reads memory,
    /// and a case reading its contacts must not wait behind one that is linking to it.
    /// </summary>
    [AlwaysInterleave]
    Task<ContactSnapshot?> Get();

    /// <summary>The caller hung up while waiting.</summary>
    Task<ContactSnapshot> Abandon();

    /// <summary>The conversation ended from the operator's side; frees the responder.</summary>
    Task<ContactSnapshot> End();

    /// <summary>A responder accepted the offer and the dispatcher confirmed it.</summary>
    Task Connect(string responderId);

    /// <summary>The responder finished the contact.</summary>
    Task Complete(string responderId);

    /// <summary>Shown as "offered" until the offer resolves. Not persisted: a restart voids offers.</summary>
    [OneWay]
    Task MarkOffered(string responderId, DateTimeOffset deadline);

    /// <summary>The offer resolved without a connection; the contact waits again.</summary>
    [OneWay]
    Task MarkWaiting();
}
