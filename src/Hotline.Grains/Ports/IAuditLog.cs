using Hotline.Audit;

namespace Hotline.Ports;

/// <summary>
/// The append-only, hash-chained audit. Changes of a contact or case are recorded by the
/// database in the same statement as its own write (see the contact's <c>Change</c>); reads,
/// listings and staff changes are appended here before the call answers. The database chains
/// every line to the one before it in its chain: a case's lines, or a region's staff lines.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends a line of a case's audit; returns once it is committed.</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Appends lines of several cases' audits (a listing: one per case listed); returns once all are committed.</summary>
    Task AppendAllAsync(IReadOnlyCollection<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Appends a line of a region's staff audit (a presence change); returns once it is committed.</summary>
    Task AppendAsync(RegionAuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>A case's audit, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(Guid caseId, CancellationToken cancellationToken = default);
}
