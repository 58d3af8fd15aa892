using System.Security.Cryptography;
using System.Text;

namespace Hotline.Domain;

/// <summary>
/// The one place ids are made. Ids that must survive a retry are derived from what the
/// client sent, so a repeated request lands on the same grain and creates nothing new.
/// </summary>
public static class HotlineIds
{
    /// <summary>The contact id for an operator's intake request id (request ids are scoped to whoever sent them).</summary>
    public static Guid ContactFromRequest(string subject, string requestId) => Derive("contact", $"{subject.Length}:{subject}:{requestId}");

    /// <summary>
    /// The case a contact opens when it does not name an existing one carries the contact's
    /// own id, so the case can be read from its first contact without a write of its own.
    /// </summary>
    public static Guid CaseForContact(Guid contactId) => contactId;

    /// <summary>The work item a follow-up becomes when due: one per follow-up, so routing it twice finds the same one.</summary>
    public static Guid FollowUpItem(Guid followUpId) => Derive("follow-up", followUpId.ToString());

    /// <summary>The work item of a case's n-th transfer.</summary>
    public static Guid TransferItem(Guid caseId, int number) => Derive("transfer", $"{caseId}:{number}");

    /// <summary>A fresh id for an offer; offers are never retried, so random is right.</summary>
    public static Guid NewOfferId() => Guid.NewGuid();

    private static Guid Derive(string kind, string value)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"hotline:{kind}:{value}"), hash);
        var bytes = hash[..16];
        // Mark it as a name-based (version 5 style) UUID so it reads as one anywhere.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
