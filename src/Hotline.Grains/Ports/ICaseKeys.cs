namespace Hotline.Ports;

/// <summary>
/// The data key of each case, kept in the key store apart from the database. A case's personal
/// fields (its contacts' and its own) are sealed with it; destroying it makes every copy of
/// them unreadable, backups and replicas of the database included.
/// </summary>
public interface ICaseKeys
{
    /// <summary>Destroys the case's data key for good (a second call changes nothing). Done first when a case is erased.</summary>
    Task DestroyAsync(Guid caseId, DateTimeOffset at, CancellationToken cancellationToken = default);
}
