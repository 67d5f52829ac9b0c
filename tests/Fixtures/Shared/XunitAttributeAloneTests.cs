#if XUNIT_V3
using TaskLeakAssert.XunitV3;
#else
using TaskLeakAssert.Xunit;
#endif
using Xunit;

namespace TaskLeakAssert.Fixtures;

/// <summary>
/// The attribute alone (no TaskLeakTestFramework line) on a class: a test opted out with its reason, and a class
/// whose Dispose stops the loop its test starts (the check runs before that teardown, and says so).
/// </summary>
[AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
public sealed class AttributeAloneClassTests : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    [Fact]
    [AllowLeakedTasks("polls on purpose, stopped by the fixture's clock")]
    public async Task Opted_out_with_a_reason()
    {
        _ = Work.PollForeverAsync();
        await Task.Yield();
    }

    [Fact]
    public async Task Starts_a_loop_that_Dispose_stops()
    {
        _ = Work.PollUntilCanceledAsync(_stop.Token);
        await Task.Yield();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
