using OrdersApi.Tests;
using Microsoft.AspNetCore.Mvc.Testing;
using TaskLeakAssert.Xunit;
using Xunit;

namespace TaskLeakAssert.AspNetCore.Tests;

/// <summary>The sample API as a class fixture, started lazily by whichever test first creates a client.</summary>
public sealed class SharedOrdersApi : WebApplicationFactory<Program>;

/// <summary>
/// Checked by TaskLeakAssert's own xunit framework (see AssemblyInfo.cs), through the real runner: the first
/// test's CreateClient starts the factory's server inside that test's scope, yet the server and its hosted
/// service are the fixture's, never that test's leak; the fixture's own teardown is checked after xunit
/// disposes it.
/// </summary>
[Collection(OrdersApiFactory.Collection)]
[AssertNoLeakedTasks(TimeoutMilliseconds = 2000)]
public sealed class SharedFactoryTests(SharedOrdersApi factory) : IClassFixture<SharedOrdersApi>
{
    [Fact]
    public async Task One_test_starts_or_uses_the_shared_server()
    {
        using var client = factory.CreateClient();
        (await client.GetAsync("/orders/1")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Another_test_starts_or_uses_the_shared_server()
    {
        using var client = factory.CreateClient();
        (await client.PostAsync("/orders/2", content: null)).EnsureSuccessStatusCode();
    }
}
