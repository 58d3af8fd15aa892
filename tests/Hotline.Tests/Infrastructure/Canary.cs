using System.Text;

namespace Hotline.Tests.Infrastructure;

/// <summary>Looking for a canary marker where it must not be.</summary>
public static class Canary
{
    /// <summary>Fails naming the file when any file under <paramref name="folder"/> holds the marker (UTF-8 or UTF-16).</summary>
    public static void AssertNotInFiles(string folder, string marker)
    {
        var needles = new[] { Encoding.UTF8.GetBytes(marker), Encoding.Unicode.GetBytes(marker) };
        foreach (var path in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(path);
            foreach (var needle in needles)
            {
                Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"the marker is in {Path.GetRelativePath(folder, path)}");
            }
        }
    }
}
