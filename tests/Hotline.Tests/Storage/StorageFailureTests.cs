using Hotline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hotline.Tests.Storage;

/// <summary>A database failure leaves a silo as an exception a gateway can read, carrying no data.</summary>
public sealed class StorageFailureTests
{
    [Fact]
    public void ADatabaseFailureBecomesUnavailableWithItsCodeAndWithoutWhatWasWritten()
    {
        var refused = new PostgresException("duplicate key: (Aysel M., +994501234567)", "ERROR", "ERROR", "23505");

        var translated = StorageUnavailableException.Translate(refused);

        Assert.NotNull(translated);
        Assert.Equal("the database failed the operation (SQLSTATE 23505)", translated.Message);
        Assert.Null(translated.InnerException);
    }

    [Fact]
    public void AStaleWriteStaysOrleansOwnSoTheGrainIsDeactivated() =>
        Assert.Null(StorageUnavailableException.Translate(new InconsistentStateException("the record changed under a second activation")));

    [Fact]
    public void ItCrossesBetweenProcesses()
    {
        var serializer = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(StorageUnavailableException).Assembly)).BuildServiceProvider().GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(new StorageUnavailableException("the database failed the operation (SQLSTATE 53300)")));

        Assert.Equal(("the database failed the operation (SQLSTATE 53300)", typeof(StorageUnavailableException)), (copy!.Message, copy.GetType()));
    }
}
