using Hotline.Access;
using Hotline.Audit;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Cases;

/// <summary>What became of one case of a person who asked to be forgotten.</summary>
[GenerateSerializer, Immutable, Alias("hotline.CallerCaseErased")]
public sealed record CallerCaseErased([property: Id(0)] Guid CaseId, [property: Id(1)] string Region, [property: Id(2)] DateTimeOffset? ErasedAt, [property: Id(3)] string? Refused);

/// <summary>A person's number or handle on its way to the silo; message bodies reach verbose runtime logs through ToString, which shows none of it.</summary>
[GenerateSerializer, Immutable, Alias("hotline.CallerReference")]
public sealed record CallerReference([property: Id(0)] string Value)
{
    public override string ToString() => "CallerReference { (not shown) }";
}

/// <summary>A person's request to be forgotten: every case opened from their number, in every region.</summary>
public interface ICallerErasureGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Finds the cases by the keyed hash of <paramref name="callerReference"/> (made here, on the
    /// silo) and erases each that may be erased now; admins only. Each case found gets an
    /// "erasure requested" audit line first, then its erasure's own lines.
    /// </summary>
    Task<IReadOnlyList<CallerCaseErased>> Erase(CallerReference callerReference, Caller by);
}

[StatelessWorker]
public sealed class CallerErasureGrain(
    CallerKeys callerKeys,
    ICaseIndex index,
    IAuditLog audit,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock) : Grain, ICallerErasureGrain
{
    public async Task<IReadOnlyList<CallerCaseErased>> Erase(CallerReference callerReference, Caller by)
    {
        if (!by.Is(Roles.Admin))
        {
            throw new PermissionDeniedException("CallerReference");
        }

        var results = new List<CallerCaseErased>();
        var onRecord = new List<(Guid CaseId, string Region)>();
        foreach (var key in callerKeys.Keys(callerReference.Value))
        {
            onRecord.AddRange(await index.CasesOfCaller(key));
        }

        foreach (var (caseId, region) in onRecord.Distinct())
        {
            await audit.AppendAsync(new AuditEntry(caseId, null, clock.GetUtcNow(), by.Subject, Caller.RoleName(Roles.Admin), AuditActions.ErasureRequested));
            try
            {
                results.Add(new CallerCaseErased(caseId, region, await GrainFactory.GetGrain<ICaseGrain>(caseId).Erase(by, endedBefore: null), null));
            }
            catch (FailedPreconditionException refused)
            {
                results.Add(new CallerCaseErased(caseId, region, null, refused.Reason));
            }
        }

        return results;
    }
}
