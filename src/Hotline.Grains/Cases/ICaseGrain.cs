namespace Hotline.Cases;

/// <summary>The durable case file (key: case id); outlives the contacts that feed it.</summary>
public interface ICaseGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Opens the case for its first contact, or links another contact to it. Returns the
    /// responder who owns it (for continuity of care). NotFound when <paramref name="mustExist"/>
    /// and the case was never opened. Idempotent per contact.
    /// </summary>
    Task<string?> OpenOrLink(Guid contactId, string region, DateTimeOffset at, bool mustExist);

    /// <summary>A responder connected to one of the case's contacts and now owns the case.</summary>
    Task RecordAssignment(Guid contactId, string responderId, DateTimeOffset at);

    /// <summary>Records how one of the case's contacts ended.</summary>
    Task RecordContactEvent(Guid contactId, CaseEventKind kind, string? actor, DateTimeOffset at);

    /// <summary>The case now, or null when it does not exist.</summary>
    Task<CaseSnapshot?> Get();
}
