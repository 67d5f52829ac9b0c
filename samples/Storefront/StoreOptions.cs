namespace Storefront;

/// <summary>The planted leaks a run switches on; none by default.</summary>
[Flags]
public enum Leaks
{
    None = 0,

    /// <summary>POST /orders/{id} fires and forgets the receipt, whose send never ends.</summary>
    ReceiptFiredAndForgotten = 1,

    /// <summary>GET /orders/{id}/updates streams in a loop that ignores RequestAborted.</summary>
    UpdatesIgnoreRequestAborted = 2,

    /// <summary>The stock sync's loop ignores stoppingToken.</summary>
    StockSyncIgnoresStoppingToken = 4,
}

/// <summary>The shop's settings. Configuration section <c>Storefront</c>.</summary>
public sealed class StoreOptions
{
    /// <summary>The SQLite database file. Default: <c>storefront.db</c> in the temp folder.</summary>
    public string Database { get; set; } = Path.Combine(Path.GetTempPath(), "storefront.db");

    /// <summary>Requests per client and <see cref="RateLimitWindow"/> before the rate limiter answers 429.</summary>
    public int RequestsPerWindow { get; set; } = 100;

    /// <summary>The rate limiter's window. Default 1 second.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Which planted leaks run.</summary>
    public Leaks Leaks { get; set; }

    /// <summary>
    /// Not part of the bugs: it lets the tests end a leaked loop after TaskLeakAssert has reported it, so nothing
    /// keeps running in their process. The buggy code never looks at the request's or the host's token.
    /// </summary>
    public CancellationToken LeakRelease { get; set; }
}
