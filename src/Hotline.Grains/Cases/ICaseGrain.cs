namespace Hotline.Cases;

/// <summary>
/// The case file (key: case id); outlives the contacts that feed it. A case is opened by
/// its first contact and carries that contact's id; what happened on each contact is read
/// from the contacts themselves, so routing a contact writes nothing here.
/// </summary>
public interface ICaseGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Links a later contact to this existing case; returns the responder who owns it (for
    /// continuity of care). NotFound when the case does not exist. Idempotent per contact.
    /// </summary>
    Task<string?> Link(Guid contactId);

    /// <summary>The case now, or null when it does not exist.</summary>
    Task<CaseSnapshot?> Get();
}
