using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.AspNetCore.Tests;

/// <summary>
/// Through the real xunit runner (tests/Fixtures/TaskLeakAssert.AspNetCore.Fixture, the recommended setup, no ignore
/// rules): a WebApplicationFactory subclass shared by a class and opted in with UseTaskLeakTracking, on the
/// Storefront app (rate limiting, OpenTelemetry, EF Core, health checks). A test's request that leaves work behind
/// fails that test with its endpoint; a request the fixture's own code sent fails the fixture's check; the app's
/// framework work fails nobody.
/// </summary>
public sealed class SharedFactorySubclassTests : IAsyncLifetime
{
    private const string Fixture = "TaskLeakAssert.AspNetCore.Fixture";
    private FixtureRun _run = null!;

    public async Task InitializeAsync() => _run = await FixtureRunner.RunAsync(Fixture, TimeSpan.FromMinutes(5));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Exactly_the_test_whose_request_left_work_behind_fails()
    {
        FixtureVerdicts.ExactlyTheseFailed(_run, [$"{Fixture}.SharedShopTests.Places_an_order_whose_receipt_outlives_the_test"]);
        Assert.Equal(3, _run.Count);
    }

    [Fact]
    public void The_tests_report_names_the_endpoint_its_request_ran()
    {
        string message = _run[$"{Fixture}.SharedShopTests.Places_an_order_whose_receipt_outlives_the_test"].Message;

        Assert.Contains("1 leaked task in scope 'SharedShopTests.Places_an_order_whose_receipt_outlives_the_test'", message);
        Assert.Contains("[1] Not completed: async method ReceiptMailer.SendUntilDeliveredAsync", message);
        Assert.Contains("During:     request POST /orders/{id:int} (StoreEndpoints.PlaceOrder)", message);
    }

    [Fact]
    public void A_request_the_fixtures_own_code_sent_fails_the_fixtures_check_with_its_endpoint()
    {
        Assert.Contains(_run.RunErrors, e => e.Contains($"[Test Class Cleanup Failure ({Fixture}.WarmedUpShopTests)] TaskLeakAssert.TaskLeakException", StringComparison.Ordinal));
        Assert.DoesNotContain(_run.RunErrors, e => e.Contains("SharedShopTests)]", StringComparison.Ordinal));
        int report = _run.RunOutput.IndexOf("in scope 'class fixture WarmedUpShop of WarmedUpShopTests'", StringComparison.Ordinal);
        Assert.True(report >= 0, _run.RunOutput);
        Assert.Contains("During:     request POST /orders/{id:int} (StoreEndpoints.PlaceOrder)", _run.RunOutput[report..]);
    }
}
