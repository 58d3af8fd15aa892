using System.Text.Json;
using System.Text.Json.Serialization;
using Hotline.Contacts;
using Hotline.Storage.Keys;

namespace Hotline.Storage;

/// <summary>
/// Contact state is stored as JSON with enum names, so the database's triggers can read its
/// region, status, responder and change in the same statement that writes it. The personal
/// fields are not in that JSON: they are sealed into one encrypted string, with the data key
/// of the contact's case.
/// </summary>
public static class ContactRecordJson
{
    public static byte[] Serialize(ContactState state, CaseSealer sealer)
    {
        if (state.Sealed is null && state.HasPersonalData)
        {
            var personal = new ContactPersonal(state.Summary, state.CallerName, state.Callback);
            state.Sealed = Convert.ToBase64String(sealer.Seal(state.CaseId, JsonSerializer.SerializeToUtf8Bytes(personal, ContactRecordJsonContext.Default.ContactPersonal)));
        }
        else if (state.ErasedAt is not null)
        {
            // The case was erased: its key leaves this process's memory too.
            sealer.Forget(state.CaseId);
        }

        return JsonSerializer.SerializeToUtf8Bytes(state, ContactRecordJsonContext.Default.ContactState);
    }

    /// <summary>
    /// Reads a record; without a <paramref name="sealer"/> the personal fields stay sealed
    /// (routing reads only what it routes by). A record whose case key was destroyed (a copy
    /// of the database from before an erasure) reads as erased.
    /// </summary>
    public static ContactState Deserialize(ReadOnlySpan<byte> utf8, CaseSealer? sealer)
    {
        var state = JsonSerializer.Deserialize(utf8, ContactRecordJsonContext.Default.ContactState)
            ?? throw new JsonException("A contact record was empty.");
        if (sealer is null || state.Sealed is not { } sealedText)
        {
            return state;
        }

        var opened = sealer.Unseal(Convert.FromBase64String(sealedText));
        if (opened.Plain is not { } plain)
        {
            state.ErasePersonalData(state.ErasedAt ?? opened.ErasedAt!.Value);
            return state;
        }

        var personal = JsonSerializer.Deserialize(plain, ContactRecordJsonContext.Default.ContactPersonal)
            ?? throw new JsonException("A contact's sealed fields were empty.");
        state.Summary = personal.Summary;
        state.CallerName = personal.CallerName;
        state.Callback = personal.Callback;
        state.Sealed = sealedText;
        return state;
    }
}

/// <summary>The personal fields of a contact, as sealed together.</summary>
internal sealed record ContactPersonal(string Summary, string CallerName, string Callback);

[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(ContactState))]
[JsonSerializable(typeof(ContactPersonal))]
internal sealed partial class ContactRecordJsonContext : JsonSerializerContext;
