using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Hotline.Tests.Architecture;

/// <summary>
/// References point one way: Domain ← Grains ← Storage ← Hosting ← hosts (Silo, Gateway); the
/// clients know only the protocol (the load driver also starts a hotline through the gateway's
/// host extension). Checked on the project files (what a project may reference) and on the
/// built assemblies (what its code actually uses).
/// </summary>
public sealed class ProjectReferenceTests
{
    private static readonly Dictionary<string, string[]> AllowedProjects = new()
    {
        ["src/Hotline.Domain"] = [],
        ["src/Hotline.Grains"] = ["Hotline.Domain"],
        ["src/Hotline.Storage"] = ["Hotline.Grains"],
        ["src/Hotline.Hosting"] = ["Hotline.Storage"],
        ["src/Hotline.Silo"] = ["Hotline.Hosting"],
        ["src/Hotline.Gateway"] = ["Hotline.Hosting"],
        ["src/Hotline.Cli"] = [],
        ["bench/Hotline.Bench"] = ["Hotline.Gateway"],
    };

    /// <summary>Assemblies each project's code must not use, by name prefix.</summary>
    private static readonly Dictionary<string, string[]> ForbiddenAssemblies = new()
    {
        ["Hotline.Domain"] = ["Hotline.", "Orleans.Core", "Orleans.Runtime", "Microsoft.AspNetCore", "Microsoft.Data.Sqlite", "Npgsql", "Grpc", "OpenTelemetry"],
        ["Hotline.Grains"] = ["Hotline.Storage", "Hotline.Hosting", "Hotline.Gateway", "Microsoft.AspNetCore", "Microsoft.Data.Sqlite", "Npgsql", "Grpc", "OpenTelemetry", "Orleans.Dashboard"],
        ["Hotline.Storage"] = ["Hotline.Hosting", "Hotline.Gateway", "Grpc", "OpenTelemetry", "Orleans.Dashboard"],
        ["Hotline.Hosting"] = ["Hotline.Gateway", "Grpc"],
        ["Hotline.Gateway"] = ["Hotline.Storage", "Microsoft.Data.Sqlite", "Npgsql"],
        ["hotline"] = ["Hotline.", "Orleans"],
        // The load driver hosts an embedded hotline through the gateway and otherwise speaks gRPC.
        ["Hotline.Bench"] = ["Hotline.Grains", "Hotline.Storage", "Hotline.Domain", "Hotline.Hosting", "Microsoft.Data.Sqlite", "Npgsql"],
    };

    public static TheoryData<string> Projects => [.. AllowedProjects.Keys];

    public static TheoryData<string> Assemblies => [.. ForbiddenAssemblies.Keys];

    [Theory]
    [MemberData(nameof(Projects))]
    public void AProjectReferencesOnlyTheProjectsBelowIt(string project)
    {
        var file = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), project), "*.csproj").Single();
        var referenced = XDocument.Load(file).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!))
            .ToArray();
        Assert.All(referenced, r => Assert.True(AllowedProjects[project].Contains(r), $"{project} must not reference {r}"));
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void AnAssemblyUsesNothingItsLayerMustNot(string assembly)
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));
        using var reader = new PEReader(stream);
        var metadata = reader.GetMetadataReader();
        var used = metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToArray();
        Assert.NotEmpty(used);
        var forbidden = used.Where(u => ForbiddenAssemblies[assembly].Any(f => u.StartsWith(f, StringComparison.Ordinal))).ToArray();
        Assert.True(forbidden.Length == 0, $"{assembly} uses {string.Join(", ", forbidden)}");
    }

    [Fact]
    public void TheGatewayCallsGrainsOnlyThroughTheInterfacesMeantForIt()
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Hotline.Gateway.dll"));
        using var reader = new PEReader(stream);
        var metadata = reader.GetMetadataReader();
        var used = metadata.TypeReferences.Select(h => metadata.GetString(metadata.GetTypeReference(h).Name)).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("IContactGrain", used);
        string[] internalOnes = ["IContactRouting", "IResponderRouting", "IDispatcherGrain", "ICaseRouting"];
        Assert.All(internalOnes, name => Assert.DoesNotContain(name, used));
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Hotline.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Hotline.sln not found above the test folder");
    }
}
