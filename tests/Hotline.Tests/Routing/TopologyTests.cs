using Hotline.Topology;

namespace Hotline.Tests.Routing;

public sealed class TopologyTests
{
    private static readonly RegionTopology Azerbaijan = RegionTopology.Load(Path.Combine(AppContext.BaseDirectory, "topology", "azerbaijan.regions.json"));

    [Theory]
    [InlineData("AZ-ISM", "mountainous-shirvan")]
    [InlineData("AZ-SMI", "mountainous-shirvan")]
    [InlineData("az-bal", "shaki-zagatala")]
    [InlineData("AZ-BA", "baku")]
    [InlineData("AZ-NX", "nakhchivan")]
    [InlineData("LOCAL-AGHDARA", "karabakh")]
    [InlineData("lankaran-astara", "lankaran-astara")]
    public void DistrictsAndRegionsResolveToTheirRegion(string location, string region)
    {
        Assert.True(Azerbaijan.TryResolve(location, out var found));
        Assert.Equal(region, found.Code);
    }

    [Fact]
    public void ShipsTheFourteenEconomicRegionsWithSymmetricNeighbours()
    {
        Assert.Equal(14, Azerbaijan.Regions.Count);
        Assert.Empty(Azerbaijan.RegionsByCode["nakhchivan"].Neighbours);
        Assert.Contains("absheron-khizi", Azerbaijan.RegionsByCode["mountainous-shirvan"].Neighbours);
        Assert.DoesNotContain("baku", Azerbaijan.RegionsByCode["mountainous-shirvan"].Neighbours);
        Assert.Equal(["az", "ru", "en", "lez", "tly", "av"], Azerbaijan.Languages.Select(l => l.Code));
    }

    [Fact]
    public void UnknownCodesDoNotResolve() => Assert.False(Azerbaijan.TryResolve("AZ-XYZ", out _));

    [Fact]
    public void AnotherCountryIsAnotherFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tiny-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            { "country": "XX", "languages": [ { "code": "en", "name": "English" } ], "skills": [],
              "regions": [
                { "code": "north", "name": "North", "neighbours": [ "south" ], "districts": [ { "code": "N-1", "name": "One" } ] },
                { "code": "south", "name": "South", "neighbours": [ "north" ], "districts": [] } ] }
            """);
        try
        {
            var tiny = RegionTopology.Load(path);
            Assert.True(tiny.TryResolve("N-1", out var north));
            Assert.Equal("north", north.Code);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OneSidedNeighboursAreRejectedAtLoad()
    {
        var path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            { "languages": [ { "code": "en" } ],
              "regions": [ { "code": "a", "name": "A", "neighbours": [ "b" ] }, { "code": "b", "name": "B" } ] }
            """);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => RegionTopology.Load(path));
            Assert.Contains("symmetric", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
