using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Cluster;

/// <summary>What the suite needs beyond the .NET SDK, said once by name when it is missing.</summary>
public sealed class PrerequisiteTests
{
    [Fact]
    public void PostgreSqlServerProgramsAreOnThePath()
    {
        var missing = PostgresServer.MissingPrograms();
        Assert.True(missing.Length == 0, PostgresServer.MissingProgramsSentence(missing));
    }

    [Fact]
    public void AMissingProgramIsNamedWithWhereToGetIt()
    {
        var sentence = PostgresServer.MissingProgramsSentence(["initdb", "pg_ctl"]);
        Assert.Contains("not found: initdb, pg_ctl", sentence, StringComparison.Ordinal);
        Assert.Contains("apt-get install postgresql", sentence, StringComparison.Ordinal);
    }
}
