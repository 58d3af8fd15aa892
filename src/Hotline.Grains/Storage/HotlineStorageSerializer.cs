using Hotline.Contacts;
using Orleans.Storage;

namespace Hotline.Storage;

/// <summary>
/// Orleans' binary format for every grain state except contacts, which are JSON so the
/// database can index the open ones (see <see cref="ContactRecordJson"/>).
/// </summary>
public sealed class HotlineStorageSerializer(IGrainStorageSerializer binary) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) =>
        input is ContactState contact ? new BinaryData(ContactRecordJson.Serialize(contact)) : binary.Serialize(input);

    public T? Deserialize<T>(BinaryData input)
    {
        if (typeof(T) == typeof(ContactState))
        {
            return (T)(object)ContactRecordJson.Deserialize(input.ToMemory().Span);
        }

        return binary.Deserialize<T>(input);
    }
}
