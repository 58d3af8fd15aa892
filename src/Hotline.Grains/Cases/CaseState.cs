namespace Hotline.Cases;

/// <summary>
/// What a case keeps of its own. Nothing is written for a case with a single contact: its
/// first contact (same id) is the record.
/// </summary>
[GenerateSerializer, Alias("hotline.CaseState")]
public sealed class CaseState
{
    /// <summary>Contacts linked after the first, in the order they were linked.</summary>
    [Id(3)] public List<Guid> Contacts { get; set; } = [];
}
