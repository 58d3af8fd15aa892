namespace Hotline.Retention;

/// <summary>How long personal data of closed cases is kept (section <c>Hotline:Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Hotline:Retention";

    /// <summary>
    /// A case whose contacts have all ended keeps its personal fields this long after the last
    /// one ended; then they are erased and only the figures stay. Default: two years.
    /// </summary>
    public TimeSpan ClosedCases { get; set; } = TimeSpan.FromDays(730);

    /// <summary>
    /// A case in progress or referred with no activity for this long is closed and erased by
    /// retention, so no case keeps personal data forever. Default: five years.
    /// </summary>
    public TimeSpan OpenCases { get; set; } = TimeSpan.FromDays(1825);

    /// <summary>
    /// How long before that a case shows on the supervisors' review list (<c>ListCases</c> with
    /// <c>retention_review</c>); any work on it, or closing it, takes it off. Default: 30 days.
    /// </summary>
    public TimeSpan ReviewNotice { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the hotline looks for cases past retention.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
