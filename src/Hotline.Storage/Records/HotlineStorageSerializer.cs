using Hotline.Cases;
using Hotline.Contacts;
using Hotline.Security;
using Hotline.Storage.Keys;
using Orleans.Storage;

namespace Hotline.Storage;

/// <summary>
/// How grain state is written. Contacts are JSON the database indexes, with the person's
/// fields sealed with their case's data key (see <see cref="ContactRecordJson"/>); cases are a
/// clear index header around their state, sealed whole with the same key (see
/// <see cref="CaseRecordJson"/>); every other state is Orleans' binary format, sealed whole
/// with the key ring, so nothing about a person (a responder's name included) is stored in
/// the clear.
/// </summary>
public sealed class HotlineStorageSerializer(IGrainStorageSerializer binary, PersonalDataProtector keyRing, CaseSealer sealer) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => input switch
    {
        ContactState contact => new BinaryData(ContactRecordJson.Serialize(contact, sealer)),
        CaseState @case => new BinaryData(CaseRecordJson.Serialize(@case, SealCase(@case))),
        _ => new BinaryData(keyRing.SealBytes(binary.Serialize(input).ToArray())),
    };

    public T? Deserialize<T>(BinaryData input)
    {
        if (typeof(T) == typeof(ContactState))
        {
            return (T)(object)ContactRecordJson.Deserialize(input.ToMemory().Span, sealer);
        }

        if (typeof(T) != typeof(CaseState))
        {
            return binary.Deserialize<T>(new BinaryData(keyRing.UnsealBytes(input.ToArray())));
        }

        // A case written before it had a header is sealed whole like every other state.
        var record = CaseRecordJson.Read(input.ToMemory().Span);
        var opened = sealer.Unseal(record?.Body ?? input.ToArray());
        return opened.Plain is { } plain
            ? binary.Deserialize<T>(new BinaryData(plain))
            : (T)(object)CaseRecordJson.Remains(record!);
    }

    private byte[] SealCase(CaseState @case)
    {
        var plain = binary.Serialize(@case).ToArray();
        return @case.Header is { } header ? sealer.SealRemains(header.CaseId, plain) : keyRing.SealBytes(plain);
    }
}
