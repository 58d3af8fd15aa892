using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Hotline.Gateway.Security;

/// <summary>
/// The identity provider's issuer and keys, as the JWT handler asks for them: read once, again
/// every 12 hours, and again in the very call that met a key not seen yet (the handler asks for
/// a refresh, then validates once more), at most once per <see cref="IdentityProviderOptions.RefreshInterval"/>.
/// One read at a time; a failed read keeps the keys read before, and is tried again no sooner
/// than a few seconds later, so a provider that is down is not asked on every call. Times are
/// read from <paramref name="clock"/>, the wall clock tokens are checked by.
/// </summary>
/// <remarks>
/// The library's own manager refreshes in the background by default, so the call that met the
/// new key would be refused; this one reads before answering.
/// </remarks>
public sealed class IdentityProviderKeys(string address, IConfigurationRetriever<OpenIdConnectConfiguration> retriever, IDocumentRetriever documents, TimeSpan refreshInterval, TimeProvider clock)
    : BaseConfigurationManager, IConfigurationManager<OpenIdConnectConfiguration>, IDisposable
{
    private static readonly TimeSpan ReadAgainAfter = TimeSpan.FromHours(12);
    private static readonly TimeSpan RetryFailedAfter = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _reading = new(1, 1);
    private volatile OpenIdConnectConfiguration? _current;
    // Times as UTC ticks, read outside the lock without tearing.
    private long _readAt;
    private long _lastRequested;
    private DateTimeOffset _failedAt = DateTimeOffset.MinValue;
    private Exception? _failure;
    private volatile bool _refreshRequested;

    /// <summary>A key set alone (<see cref="IdentityProviderOptions.JwksUri"/>), or the discovery document and the key set it names.</summary>
    public static IdentityProviderKeys For(IdentityProviderOptions provider, TimeProvider clock) => new(
        provider.KeySource,
        provider.JwksUri.Length > 0 ? new KeySetRetriever(provider.Authority) : new OpenIdConnectConfigurationRetriever(),
        new HttpDocumentRetriever { RequireHttps = provider.HttpsRequired },
        provider.RefreshInterval,
        clock);

    public override async Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel) => await GetConfigurationAsync(cancel);

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        if (_current is { } current && !Stale())
        {
            return current;
        }

        await _reading.WaitAsync(cancel);
        try
        {
            if (_current is { } fresh && !Stale())
            {
                return fresh;
            }

            var now = clock.GetUtcNow();
            if (_failure is not null && now - _failedAt < RetryFailedAfter)
            {
                return _current ?? throw new InvalidOperationException($"the identity provider's keys could not be read from {address}", _failure);
            }

            try
            {
                _current = await retriever.GetConfigurationAsync(address, documents, CancellationToken.None);
                Volatile.Write(ref _readAt, now.UtcTicks);
                _failure = null;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException or ArgumentException or TaskCanceledException)
            {
                (_failure, _failedAt) = (e, now);
                if (_current is null)
                {
                    throw new InvalidOperationException($"the identity provider's keys could not be read from {address}", e);
                }
            }

            _refreshRequested = false;
            return _current;
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>The handler met a key it does not know: read again at the next request, unless that was asked for only just now.</summary>
    public override void RequestRefresh()
    {
        var now = clock.GetUtcNow().UtcTicks;
        var last = Volatile.Read(ref _lastRequested);
        if (now - last >= refreshInterval.Ticks && Interlocked.CompareExchange(ref _lastRequested, now, last) == last)
        {
            _refreshRequested = true;
        }
    }

    private bool Stale() => _refreshRequested || clock.GetUtcNow().UtcTicks - Volatile.Read(ref _readAt) >= ReadAgainAfter.Ticks;

    public void Dispose() => _reading.Dispose();

    /// <summary>Reads a key set alone, for an issuer without a discovery document.</summary>
    private sealed class KeySetRetriever(string issuer) : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var keys = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
            var configuration = new OpenIdConnectConfiguration { Issuer = issuer, JwksUri = address, JsonWebKeySet = keys };
            foreach (var key in keys.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            return configuration;
        }
    }
}
