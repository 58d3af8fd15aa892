using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Security;

/// <summary>A key folder others could read is refused at start, naming the path and the fix.</summary>
public sealed class KeyFolderTests
{
    [Theory]
    [InlineData("")]
    [InlineData("token-signing.private.key")]
    [InlineData("case-keys.db")]
    [InlineData("data-protection")]
    public async Task AHotlineRefusesToStartOnAKeyFolderOthersCanRead(string opened)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = HotlineHost.NewDataDirectory();
        var keys = Path.Combine(data, "keys");
        try
        {
            // A first start makes the keys, owner-only.
            await (await HotlineHost.StartAsync(data)).DisposeAsync();
            var path = Path.Combine(keys, opened);
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => HotlineHost.StartAsync(data));

            Assert.Contains(Path.TrimEndingDirectorySeparator(path), refused.Message, StringComparison.Ordinal);
            Assert.Contains($"chmod -R go-rwx '{keys}'", refused.Message, StringComparison.Ordinal);
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) & ~(UnixFileMode.GroupRead | UnixFileMode.OtherRead));
            await (await HotlineHost.StartAsync(data)).DisposeAsync();
        }
        finally
        {
            HotlineHost.TryDelete(data);
        }
    }
}
