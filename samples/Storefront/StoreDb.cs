using Microsoft.EntityFrameworkCore;

namespace Storefront;

/// <summary>An order as the shop stores it.</summary>
public sealed class Order
{
    public int Id { get; set; }

    public string Status { get; set; } = "placed";
}

/// <summary>A product's stock level, kept in sync by <see cref="StockSync"/>.</summary>
public sealed class StockLevel
{
    public int Id { get; set; }

    public int Available { get; set; }
}

/// <summary>The shop's database: EF Core on SQLite.</summary>
public sealed class StoreDb(DbContextOptions<StoreDb> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    public DbSet<StockLevel> Stock => Set<StockLevel>();
}

/// <summary>Creates the database when the app starts.</summary>
public sealed class DatabaseSetup(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StoreDb>().Database.EnsureCreatedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
