using System.Text.Json;
using System.Text.Json.Serialization;
using Hotline.Contacts;
using Hotline.Security;

namespace Hotline.Storage;

/// <summary>
/// Contact state is stored as JSON with enum names, so the database's triggers can read its
/// region, status, responder and change in the same statement that writes it. The personal
/// fields are not in that JSON: they are sealed into one encrypted string.
/// </summary>
public static class ContactRecordJson
{
    public static byte[] Serialize(ContactState state, PersonalDataProtector protector)
    {
        if (state.Sealed is null && state.HasPersonalData)
        {
            var personal = new ContactPersonal(state.Summary, state.CallerName, state.Callback);
            state.Sealed = protector.Seal(JsonSerializer.SerializeToUtf8Bytes(personal, ContactRecordJsonContext.Default.ContactPersonal));
        }

        return JsonSerializer.SerializeToUtf8Bytes(state, ContactRecordJsonContext.Default.ContactState);
    }

    /// <summary>
    /// Reads a record; without a <paramref name="protector"/> the personal fields stay sealed
    /// (routing reads only what it routes by).
    /// </summary>
    public static ContactState Deserialize(ReadOnlySpan<byte> utf8, PersonalDataProtector? protector)
    {
        var state = JsonSerializer.Deserialize(utf8, ContactRecordJsonContext.Default.ContactState)
            ?? throw new JsonException("A contact record was empty.");
        if (protector is not null && state.Sealed is { } sealedText)
        {
            var personal = JsonSerializer.Deserialize(protector.Unseal(sealedText), ContactRecordJsonContext.Default.ContactPersonal)
                ?? throw new JsonException("A contact's sealed fields were empty.");
            state.Summary = personal.Summary;
            state.CallerName = personal.CallerName;
            state.Callback = personal.Callback;
            state.Sealed = sealedText;
        }

        return state;
    }
}

/// <summary>The personal fields of a contact, as sealed together.</summary>
internal sealed record ContactPersonal(string Summary, string CallerName, string Callback);

[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(ContactState))]
[JsonSerializable(typeof(ContactPersonal))]
internal sealed partial class ContactRecordJsonContext : JsonSerializerContext;
