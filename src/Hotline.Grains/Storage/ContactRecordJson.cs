using System.Text.Json;
using System.Text.Json.Serialization;
using Hotline.Contacts;

namespace Hotline.Storage;

/// <summary>
/// Contact state is stored as JSON with enum names, so the database's open-contacts
/// triggers can read its region, status and responder in the same statement that writes it.
/// </summary>
public static class ContactRecordJson
{
    public static byte[] Serialize(ContactState state) => JsonSerializer.SerializeToUtf8Bytes(state, ContactRecordJsonContext.Default.ContactState);

    public static ContactState Deserialize(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, ContactRecordJsonContext.Default.ContactState)
        ?? throw new JsonException("A contact record was empty.");
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(ContactState))]
internal sealed partial class ContactRecordJsonContext : JsonSerializerContext;
