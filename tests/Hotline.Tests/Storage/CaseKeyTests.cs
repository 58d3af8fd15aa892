using System.Text;
using Hotline.Security;
using Hotline.Storage.Keys;
using Hotline.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;

namespace Hotline.Tests.Storage;

/// <summary>A key per case: what it seals opens until the key is destroyed, then reads as erased; a key store older than the data is said, not guessed.</summary>
public sealed class CaseKeyTests : IDisposable
{
    private readonly string _folder = HotlineHost.NewDataDirectory();
    private readonly IDataProtectionProvider _keyRing = new EphemeralDataProtectionProvider();

    private string File => Path.Combine(_folder, "case-keys.db");

    [Fact]
    public async Task WhatACaseKeySealedOpensUntilTheKeyIsDestroyedThenReadsAsErased()
    {
        using var store = new CaseKeyStore(File, _keyRing);
        var sealer = new CaseSealer(store, new PersonalDataProtector(_keyRing));
        var (caseId, other) = (Guid.NewGuid(), Guid.NewGuid());
        var sealedBytes = sealer.Seal(caseId, "Leyla, Lankaran"u8);
        var otherSealed = sealer.Seal(other, "Aysel, Shaki"u8);
        Assert.Equal("Leyla, Lankaran", Encoding.UTF8.GetString(sealer.Unseal(sealedBytes).Plain!));

        var at = HotlineHost.Start;
        await store.DestroyAsync(caseId, at);

        Assert.Equal(new Unsealed(null, at), sealer.Unseal(sealedBytes));
        // A second erasure changes nothing: the first time stays.
        await store.DestroyAsync(caseId, at.AddDays(1));
        Assert.Equal(new Unsealed(null, at), sealer.Unseal(sealedBytes));
        Assert.Equal("Aysel, Shaki", Encoding.UTF8.GetString(sealer.Unseal(otherSealed).Plain!));
        Assert.Throws<InvalidOperationException>(() => sealer.Seal(caseId, "again"u8));
        // What is left of an erased case (no personal text) is still written, with the key ring.
        Assert.Equal("remains", Encoding.UTF8.GetString(sealer.Unseal(sealer.SealRemains(caseId, "remains"u8)).Plain!));
    }

    [Fact]
    public void AKeyStoreThatNeverHadTheCaseKeyIsNamedAsOlderThanTheDatabase()
    {
        byte[] sealedBytes;
        using (var first = new CaseKeyStore(File, _keyRing))
        {
            sealedBytes = new CaseSealer(first, new PersonalDataProtector(_keyRing)).Seal(Guid.NewGuid(), "Leyla"u8);
        }

        using var older = new CaseKeyStore(Path.Combine(_folder, "older", "case-keys.db"), _keyRing);
        var refused = Assert.Throws<InvalidOperationException>(() => new CaseSealer(older, new PersonalDataProtector(_keyRing)).Unseal(sealedBytes));
        Assert.Contains("older than the database", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStoreIsTheOwnersAloneAndADestroyedKeyLeavesNoTraceInItsFiles()
    {
        // Every key is kept wrapped by the key ring, whose protected form starts with this header.
        var magic = new byte[] { 0x09, 0xF0, 0xC9, 0xF0 };
        bool Holds() => Directory.GetFiles(_folder, "case-keys.db*").Any(f => System.IO.File.ReadAllBytes(f).AsSpan().IndexOf(magic) >= 0);
        var caseId = Guid.NewGuid();
        using (var store = new CaseKeyStore(File, _keyRing))
        {
            store.Find(caseId, create: true);
            Assert.True(FileModes.IsOwnerOnly(File));
            Assert.True(Holds(), "the key was written");
            await store.DestroyAsync(caseId, HotlineHost.Start);
            Assert.False(Holds(), "the destroyed key is still in the store's files");
        }
    }

    public void Dispose() => HotlineHost.TryDelete(_folder);
}
