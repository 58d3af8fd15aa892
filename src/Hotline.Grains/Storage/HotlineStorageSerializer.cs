using Hotline.Contacts;
using Hotline.Security;
using Orleans.Storage;

namespace Hotline.Storage;

/// <summary>
/// How grain state is written. Contacts are JSON the database indexes, with the person's
/// fields sealed (see <see cref="ContactRecordJson"/>); every other state is Orleans' binary
/// format, sealed whole, so nothing about a person (a responder's name included) is stored
/// in the clear.
/// </summary>
public sealed class HotlineStorageSerializer(IGrainStorageSerializer binary, PersonalDataProtector protector) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => input is ContactState contact
        ? new BinaryData(ContactRecordJson.Serialize(contact, protector))
        : new BinaryData(protector.SealBytes(binary.Serialize(input).ToArray()));

    public T? Deserialize<T>(BinaryData input)
    {
        if (typeof(T) == typeof(ContactState))
        {
            return (T)(object)ContactRecordJson.Deserialize(input.ToMemory().Span, protector);
        }

        return binary.Deserialize<T>(new BinaryData(protector.UnsealBytes(input.ToArray())));
    }
}
