namespace Hotline.Audit;

/// <summary>An audit line as stored, with its place in its chain and its hash; times as the text written.</summary>
public sealed record AuditLine(
    long Seq, string ServiceId, string Chain, long Link, string? CaseId, string? ContactId, string? ResponderId,
    string At, string Actor, string Role, string Action, string Hash);

/// <summary>The first line of a chain that does not verify, and why.</summary>
public sealed record AuditBreak(string ServiceId, string Chain, long Link, long Seq, string Problem);

/// <summary>What a verification saw: how many chains and lines, the first break of each broken chain, the last line read.</summary>
public sealed record AuditVerification(int Chains, long Lines, IReadOnlyList<AuditBreak> Breaks, AuditLine? Last)
{
    public bool Intact => Breaks.Count == 0;
}
