using Hotline.Access;
using Hotline.Audit;
using Hotline.Domain;

namespace Hotline.Contacts;

/// <summary>Follow-ups and transfers of a case, routed like contacts.</summary>
public sealed partial class ContactGrain
{
    public async Task<ContactSnapshot> OpenWork(WorkItem item, Caller by)
    {
        if (state.RecordExists)
        {
            if (state.State.Status == ContactStatus.Queued)
            {
                await Queue().Enqueue(state.State.ToWaiting());
            }

            return Snapshot();
        }

        var now = clock.GetUtcNow();
        var s = state.State;
        s.ContactId = ContactId;
        s.RequestId = "";
        s.CaseId = item.CaseId;
        s.Kind = item.Kind;
        s.Status = ContactStatus.Queued;
        s.Channel = item.Needs.Channel;
        s.Language = item.Needs.Language;
        s.Location = item.Region;
        s.Region = item.Region;
        s.Skills = item.Needs.Skills;
        s.Urgency = item.Urgency;
        s.Summary = item.Note;
        s.ReceivedAt = now;
        s.PreferredResponderId = item.PreferredResponderId;
        s.RequiredResponderId = item.RequiredResponderId;
        s.TransferRegion = item.TransferRegion;
        s.Concerns = item.Concerns;
        s.CaseRegion = item.CaseRegion;
        s.OpenedBy = by.Subject;
        var action = item.Kind == WorkKind.Transfer ? AuditActions.TransferRequested : AuditActions.FollowUpRouted;
        s.Change = Change(action, by, by.Roles & (Roles.Supervisor | Roles.Responder), now);
        await state.WriteStateAsync();
        await Queue().Enqueue(s.ToWaiting());
        return Snapshot();
    }

    public async Task<bool> DeclineTransfer(string responderId, Caller by)
    {
        EnsureExists();
        var s = state.State;
        if (s.Kind != WorkKind.Transfer || s.Status != ContactStatus.Queued || s.RequiredResponderId != responderId)
        {
            return false;
        }

        await FinishAsync(ContactStatus.Declined, endedByOperator: false, Change(AuditActions.TransferDeclined, by, Roles.Responder, clock.GetUtcNow()));
        return true;
    }
}
