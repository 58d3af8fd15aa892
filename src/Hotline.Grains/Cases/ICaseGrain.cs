using Hotline.Access;
using Hotline.Audit;

namespace Hotline.Cases;

/// <summary>
/// The case file (key: case id); outlives the contacts that feed it. A case is opened by
/// its first contact and carries that contact's id; what happened on each contact is read
/// from the contacts themselves, so routing a contact writes nothing here.
/// </summary>
public interface ICaseGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Links a later contact, located in <paramref name="region"/>, to this existing case when
    /// the caller takes contacts in the case's region; returns the responder who owns it (for
    /// continuity of care). Refused alike when the case does not exist or is out of reach, and
    /// refused when the contact is located in another region. Idempotent per contact.
    /// </summary>
    Task<string?> Link(Guid contactId, string region, Caller caller);

    /// <summary>The case for a caller allowed to see it; the read is audited first.</summary>
    Task<CaseSnapshot> Read(Caller caller);

    /// <summary>The case's audit for admins and supervisors of its region; the reading is audited too.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAudit(Caller caller);

    /// <summary>
    /// Erases the personal fields of every contact of the case, which must all be on record and have ended
    /// (and, when <paramref name="endedBefore"/> is given, before it). Returns when the case's
    /// personal fields were all erased, or null when it did not qualify and nothing changed.
    /// </summary>
    Task<DateTimeOffset?> Erase(Caller by, DateTimeOffset? endedBefore);
}
