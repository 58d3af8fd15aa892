namespace Hotline.Access;

/// <summary>What a signed-in caller may be; a token can carry several.</summary>
[Flags]
public enum Roles
{
    None = 0,
    Operator = 1,
    Responder = 2,
    Supervisor = 4,
    Admin = 8,
}

/// <summary>
/// Who is asking, as the gateway read it from a verified token. It travels with every call
/// that reads or changes a person's record, so the grain holding the record can decide
/// whether this caller may see it and the audit can say who did what.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.Caller")]
public sealed record Caller(
    [Id(0)] string Subject,
    [Id(1)] Roles Roles,
    [Id(2)] string[] Regions,
    [Id(3)] string? ResponderId)
{
    /// <summary>The region claim that covers every region.</summary>
    public const string AllRegions = "*";

    /// <summary>The hotline itself, acting on a schedule (retention).</summary>
    public static Caller System(string subject) => new(subject, Roles.None, [], null);

    public bool Is(Roles role) => (Roles & role) != 0;

    /// <summary>Whether the caller's region claims include <paramref name="region"/>.</summary>
    public bool Covers(string region) => Regions.Contains(AllRegions) || Regions.Contains(region);

    /// <summary>A supervisor of every region may learn that something does not exist; nobody else may.</summary>
    public bool SeesEverything => Is(Roles.Supervisor) && Regions.Contains(AllRegions);

    /// <summary>The audit's name for the role under which access was granted.</summary>
    public static string RoleName(Roles role) => role switch
    {
        Roles.Operator => "operator",
        Roles.Responder => "responder",
        Roles.Supervisor => "supervisor",
        Roles.Admin => "admin",
        _ => "system",
    };
}
