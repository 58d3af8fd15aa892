using System.Security.Cryptography.X509Certificates;
using Hotline.Api.V1;
using Hotline.Security;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Hotline.Tests.Security;

/// <summary>The Data Protection key ring is encrypted at rest with the key-ring certificate, and read back after a restart.</summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task KeysOfTheRingAreWrittenEncryptedAndARestartedHotlineStillOpensWhatItSealed()
    {
        var data = HotlineHost.NewDataDirectory();
        var ring = Path.Combine(data, "keys", "data-protection");
        try
        {
            string contactId;
            // No certificate configured: the embedded hotline makes its own in the key folder.
            await using (var host = await HotlineHost.StartAsync(data, null, "--Hotline:Security:KeyRingCertificate=", "--Hotline:Security:KeyRingCertificateKey="))
            {
                var request = Requests.Contact("AZ-ISM");
                request.Summary = "Her documents are kept by the employer";
                contactId = (await host.Intake.OpenContactAsync(request)).ContactId;
            }

            Assert.True(File.Exists(Path.Combine(data, "keys", KeyRingCertificate.CertificateFileName)));
            Assert.True(FileModes.IsOwnerOnly(Path.Combine(data, "keys", KeyRingCertificate.KeyFileName)));
            var files = Directory.GetFiles(ring, "*.xml");
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var xml = await File.ReadAllTextAsync(file);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
                Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            }

            await using (var restarted = await HotlineHost.StartAsync(data, null, "--Hotline:Security:KeyRingCertificate=", "--Hotline:Security:KeyRingCertificateKey="))
            {
                var read = await restarted.Intake.GetContactAsync(new GetContactRequest { ContactId = contactId });
                Assert.Equal("Her documents are kept by the employer", read.Summary);
            }
        }
        finally
        {
            HotlineHost.TryDelete(data);
        }
    }

    [Fact]
    public void AClusterSiloWithoutAKeyRingCertificateIsRefusedNamingTheSetting()
    {
        var keys = HotlineHost.NewDataDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hotline:Security:KeyDirectory"] = keys,
        }).Build();

        var refused = Assert.Throws<InvalidOperationException>(() => KeyRingCertificate.Resolve(configuration, embedded: false));

        Assert.Contains("Hotline:Security:KeyRingCertificate", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(keys));
    }

    [Fact]
    public void AnEmbeddedHotlineMakesAnRsa3072KeyRingCertificateWithAnOwnerOnlyKey()
    {
        var keys = HotlineHost.NewDataDirectory();
        try
        {
            using var made = KeyRingCertificate.EnsureIn(keys);
            using var again = KeyRingCertificate.EnsureIn(keys);

            Assert.Equal(made.Thumbprint, again.Thumbprint);
            using var key = made.GetRSAPublicKey()!;
            Assert.Equal(3072, key.KeySize);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(keys, KeyRingCertificate.KeyFileName)));
            }
        }
        finally
        {
            HotlineHost.TryDelete(keys);
        }
    }
}
