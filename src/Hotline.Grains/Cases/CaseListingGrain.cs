using Hotline.Ports;

namespace Hotline.Cases;

/// <summary>
/// Reads pages of the case index for a gateway, which holds no database connection of its
/// own (in a cluster it is an Orleans client). A stateless worker: any silo answers, several at once.
/// </summary>
public interface ICaseListingGrain : IGrainWithIntegerKey
{
    /// <summary>One page of cases; see <see cref="ICaseIndex.List"/>.</summary>
    Task<CasePage> List(CaseQuery query);
}

[StatelessWorker]
public sealed class CaseListingGrain(ICaseIndex index) : Grain, ICaseListingGrain
{
    public Task<CasePage> List(CaseQuery query) => index.List(query);
}
