namespace Hotline.Contacts;

/// <summary>Who changed a contact, under which role, how and when: the audit line of one write.</summary>
[GenerateSerializer, Immutable, Alias("hotline.ContactChange")]
public sealed record ContactChange(
    [Id(0)] string Action,
    [Id(1)] string By,
    [Id(2)] string Role,
    [Id(3)] DateTimeOffset At);
