using System.Globalization;

namespace Hotline.Audit;

/// <summary>A line to append, as the audit table's columns take it; the database numbers and chains it.</summary>
internal sealed record AuditRow(string Chain, string? CaseId, string? ContactId, string? ResponderId, string At, string Actor, string Role, string Action)
{
    public static AuditRow Of(AuditEntry entry) => new(
        AuditChain.OfCase(entry.CaseId), entry.CaseId.ToString(), entry.ContactId?.ToString(), null, Time(entry.At), entry.Actor, entry.Role, entry.Action);

    public static AuditRow Of(RegionAuditEntry entry) => new(
        AuditChain.OfRegion(entry.Region), null, null, entry.ResponderId, Time(entry.At), entry.Actor, entry.Role, entry.Action);

    private static string Time(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
