using Hotline.Cases;
using Hotline.Contacts;
using Hotline.Security;
using Orleans.Storage;

namespace Hotline.Storage;

/// <summary>
/// How grain state is written. Contacts are JSON the database indexes, with the person's
/// fields sealed (see <see cref="ContactRecordJson"/>); cases are a clear index header around
/// their sealed state (see <see cref="CaseRecordJson"/>); every other state is Orleans' binary
/// format, sealed whole, so nothing about a person (a responder's name included) is stored
/// in the clear.
/// </summary>
public sealed class HotlineStorageSerializer(IGrainStorageSerializer binary, PersonalDataProtector protector) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => input switch
    {
        ContactState contact => new BinaryData(ContactRecordJson.Serialize(contact, protector)),
        CaseState @case => new BinaryData(CaseRecordJson.Serialize(@case, Seal(input))),
        _ => new BinaryData(Seal(input)),
    };

    public T? Deserialize<T>(BinaryData input)
    {
        if (typeof(T) == typeof(ContactState))
        {
            return (T)(object)ContactRecordJson.Deserialize(input.ToMemory().Span, protector);
        }

        // A case written before it had a header is sealed whole like every other state.
        var body = typeof(T) == typeof(CaseState) ? CaseRecordJson.SealedBody(input.ToMemory().Span) ?? input.ToArray() : input.ToArray();
        return binary.Deserialize<T>(new BinaryData(protector.UnsealBytes(body)));
    }

    private byte[] Seal<T>(T? input) => protector.SealBytes(binary.Serialize(input).ToArray());
}
