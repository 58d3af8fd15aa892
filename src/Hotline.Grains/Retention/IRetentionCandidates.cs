namespace Hotline.Retention;

/// <summary>Finds cases that may be past retention, from the stored contacts' figures.</summary>
public interface IRetentionCandidates
{
    /// <summary>Cases whose contacts have all ended, the last before <paramref name="cutoff"/>, with personal data left.</summary>
    Task<IReadOnlyList<Guid>> CasesEndedBefore(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
