using Hotline.Ports;
using Hotline.Audit;

namespace Hotline.Ports;

/// <summary>
/// The append-only audit. Changes of a contact are recorded by the database in the same
/// statement as the contact's own write (see the contact's <c>Change</c>); reads are
/// appended here before the data is handed out.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends a read; returns once it is committed.</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>A case's audit, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(Guid caseId, CancellationToken cancellationToken = default);
}
