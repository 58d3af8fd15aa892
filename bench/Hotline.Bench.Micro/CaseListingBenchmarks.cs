using System.Globalization;
using BenchmarkDotNet.Attributes;
using Hotline.Domain;
using Hotline.Hosting;
using Hotline.Ports;
using Hotline.Storage;
using Microsoft.Data.Sqlite;

namespace Hotline.Bench.Micro;

/// <summary>
/// One page (50) of the case listing, <see cref="SqliteCaseIndex.List"/>, over an embedded file
/// holding <see cref="Cases"/> rows of HotlineCaseIndex, and the returning-caller lookup.
/// The rows are written straight into the table (no grains, no triggers) once per process.
/// </summary>
[MemoryDiagnoser]
public class CaseListingBenchmarks
{
    private const string ServiceId = "hotline";
    private const int Limit = 50;

    /// <summary>The 14 economic regions of Topology/azerbaijan.regions.json.</summary>
    private static readonly string[] Regions =
    [
        "baku", "nakhchivan", "absheron-khizi", "mountainous-shirvan", "ganja-dashkasan", "karabakh", "gazakh-tovuz",
        "guba-khachmaz", "lankaran-astara", "central-aran", "mil-mugan", "shaki-zagatala", "east-zangezur", "shirvan-salyan",
    ];

    private static readonly string[] Baku = ["baku"];
    private static readonly CaseStatus[] InProgress = [CaseStatus.InProgress];
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private string _folder = null!;
    private SqliteCaseIndex _index = null!;
    private CaseCursor _middleOfBaku = null!;
    private DateTimeOffset _followUpDueBy;
    private string _callerKey = null!;
    private string _callerRegion = null!;

    [Params(1_000, 100_000)]
    public int Cases { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"hotline-bench-cases-{Guid.NewGuid():N}");
        try
        {
            await Prepare();
        }
        catch
        {
            // BenchmarkDotNet skips the cleanup when the setup throws.
            Cleanup();
            throw;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task Prepare()
    {
        var connectionString = SqliteStore.ConnectionString(_folder);
        await SqliteStore.ApplySchemaAsync(connectionString, CancellationToken.None);
        var database = new HotlineSqliteDataSource(connectionString, SqliteSync.Normal);
        await Fill(database);
        _index = new SqliteCaseIndex(database, ServiceId);

        await using var connection = (SqliteConnection)await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$service", ServiceId);

        // The deep page starts halfway down baku's listing.
        command.CommandText = """
            SELECT LastActivityMs, CaseId FROM HotlineCaseIndex WHERE ServiceId = $service AND Region = 'baku'
            ORDER BY LastActivityMs DESC, CaseId DESC
            LIMIT 1 OFFSET (SELECT count(*) / 2 FROM HotlineCaseIndex WHERE ServiceId = $service AND Region = 'baku')
            """;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            _middleOfBaku = new CaseCursor(reader.GetInt64(0), Guid.Parse(reader.GetString(1)));
        }

        // The median follow-up time: about half the follow-ups are due by it.
        command.CommandText = """
            SELECT NextFollowUpMs FROM HotlineCaseIndex WHERE ServiceId = $service AND NextFollowUpMs IS NOT NULL
            ORDER BY NextFollowUpMs
            LIMIT 1 OFFSET (SELECT count(*) / 2 FROM HotlineCaseIndex WHERE ServiceId = $service AND NextFollowUpMs IS NOT NULL)
            """;
        _followUpDueBy = DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));

        // A caller with an open case, from the middle of the table.
        command.CommandText = """
            SELECT CallerKey, Region FROM HotlineCaseIndex
            WHERE ServiceId = $service AND CallerKey IS NOT NULL AND Status <> 'Closed' AND OpenedAtMs >= $middle
            ORDER BY OpenedAtMs LIMIT 1
            """;
        command.Parameters.AddWithValue("$middle", OpenedAt(Cases / 2));
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            _callerKey = reader.GetString(0);
            _callerRegion = reader.GetString(1);
        }

        await Check();
    }

    [Benchmark]
    public Task<CasePage> Region() => _index.List(new CaseQuery(Baku, null, null, null, null, null, Limit));

    [Benchmark]
    public Task<CasePage> RegionAndStatus() => _index.List(new CaseQuery(Baku, InProgress, null, null, null, null, Limit));

    [Benchmark]
    public Task<CasePage> RegionDeepPage() => _index.List(new CaseQuery(Baku, null, null, null, null, _middleOfBaku, Limit));

    [Benchmark]
    public Task<CasePage> Owner() => _index.List(new CaseQuery(null, null, "r-7", null, null, null, Limit));

    [Benchmark]
    public Task<CasePage> FollowUpsDue() => _index.List(new CaseQuery(null, null, null, null, _followUpDueBy, null, Limit));

    [Benchmark]
    public Task<CasePage> AllRegions() => _index.List(new CaseQuery(null, null, null, null, null, null, Limit));

    [Benchmark]
    public Task<Guid?> OpenCaseOfCaller() => _index.OpenCaseOfCaller(_callerKey, _callerRegion);

    private static long OpenedAt(int n) => Start.ToUnixTimeMilliseconds() + (n * 60_000L);

    /// <summary>
    /// <see cref="Cases"/> rows, one opened a minute, last active up to three days later in whole minutes (so ties),
    /// a follow-up on one in 20, a caller hash on one in 3.
    /// </summary>
    private async Task Fill(HotlineSqliteDataSource database)
    {
        var random = new Random(1386);
        var statuses = Enum.GetNames<CaseStatus>();
        var bytes = new byte[32];
        await using var connection = (SqliteConnection)await database.OpenConnectionAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO HotlineCaseIndex (ServiceId, CaseId, Region, RoutingStatus, WorkStatus, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
            VALUES ($service, $case, $region, $routing, $work, $owner, $openedBy, $openedAt, $lastActivity, $followUp, $caller)
            """;
        var service = insert.Parameters.Add("$service", SqliteType.Text);
        var caseId = insert.Parameters.Add("$case", SqliteType.Text);
        var region = insert.Parameters.Add("$region", SqliteType.Text);
        var routing = insert.Parameters.Add("$routing", SqliteType.Text);
        var work = insert.Parameters.Add("$work", SqliteType.Text);
        var owner = insert.Parameters.Add("$owner", SqliteType.Text);
        var openedBy = insert.Parameters.Add("$openedBy", SqliteType.Text);
        var openedAt = insert.Parameters.Add("$openedAt", SqliteType.Integer);
        var lastActivity = insert.Parameters.Add("$lastActivity", SqliteType.Integer);
        var followUp = insert.Parameters.Add("$followUp", SqliteType.Integer);
        var caller = insert.Parameters.Add("$caller", SqliteType.Text);
        await insert.PrepareAsync();
        service.Value = ServiceId;
        for (var n = 0; n < Cases; n++)
        {
            random.NextBytes(bytes);
            var opened = OpenedAt(n);
            var active = opened + (random.Next(0, 3 * 24 * 60) * 60_000L);
            var state = statuses[random.Next(statuses.Length)];
            caseId.Value = new Guid(bytes.AsSpan(0, 16)).ToString("D");
            region.Value = Regions[random.Next(Regions.Length)];
            routing.Value = state == "New" ? "New" : "Assigned";
            work.Value = state is "New" or "Assigned" ? DBNull.Value : state;
            owner.Value = state == nameof(CaseStatus.New) ? DBNull.Value : $"r-{n % 500}";
            openedBy.Value = $"op-{n % 50}";
            openedAt.Value = opened;
            lastActivity.Value = active;
            followUp.Value = random.Next(20) == 0 ? active + (random.Next(1, 14 * 24) * 3_600_000L) : DBNull.Value;
            caller.Value = random.Next(3) == 0 ? Convert.ToHexStringLower(bytes) : DBNull.Value;
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>Each benchmark must do what it says: a full page, a real cursor, a found case.</summary>
    private async Task Check()
    {
        var pages = new Dictionary<string, CasePage>
        {
            [nameof(Region)] = await Region(),
            [nameof(RegionAndStatus)] = await RegionAndStatus(),
            [nameof(RegionDeepPage)] = await RegionDeepPage(),
            [nameof(Owner)] = await Owner(),
            [nameof(FollowUpsDue)] = await FollowUpsDue(),
            [nameof(AllRegions)] = await AllRegions(),
        };
        foreach (var (name, page) in pages)
        {
            // At 1,000 cases baku has about 70, half of them past the cursor, and one owner two.
            var expected = Cases >= 100_000 || name is nameof(Region) or nameof(AllRegions) ? Limit : 1;
            if (page.Cases.Count < expected)
            {
                throw new InvalidOperationException($"{name}: {page.Cases.Count} cases of {Cases}, expected at least {expected}");
            }
        }

        if (pages[nameof(RegionDeepPage)].Cases[0].Cursor.LastActivityMs > _middleOfBaku.LastActivityMs)
        {
            throw new InvalidOperationException("the deep page did not start after its cursor");
        }

        if (await OpenCaseOfCaller() is null)
        {
            throw new InvalidOperationException($"no open case for caller {_callerKey} in {_callerRegion}");
        }
    }
}
