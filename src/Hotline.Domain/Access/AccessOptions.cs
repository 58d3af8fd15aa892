namespace Hotline.Access;

/// <summary>
/// How long access to a record lasts once the person's part in it is over (configuration
/// <c>Hotline:Access</c>): a responder reads a case while it is theirs and for
/// <see cref="ResponderReadsFor"/> after their last work on it; an operator reads a contact
/// or case they opened for <see cref="OperatorReadsFor"/>. Supervisors read by region, always.
/// </summary>
public sealed class AccessOptions
{
    public const string Section = "Hotline:Access";

    /// <summary>The longest either may be set to: about ten years.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3653);

    public TimeSpan ResponderReadsFor { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan OperatorReadsFor { get; set; } = TimeSpan.FromHours(24);
}
