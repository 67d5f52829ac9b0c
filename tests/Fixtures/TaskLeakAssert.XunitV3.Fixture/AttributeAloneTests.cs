using TaskLeakAssert.Fixtures;
using TaskLeakAssert.XunitV3;
using Xunit;

namespace TaskLeakAssert.XunitV3.Fixture;

/// <summary>
/// The attribute alone, without TaskLeakTestFramework (a suite that names another framework): xunit's
/// before/after hooks check the test method. The volume suite (shared) runs the same way.
/// </summary>
public sealed class AttributeAloneTests
{
    [Fact]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
    public async Task Leaks_a_polling_loop()
    {
        _ = Work.PollForeverAsync();
        await Task.Yield();
    }

    [Fact]
    [AssertNoLeakedTasks]
    public async Task Awaits_all_its_work()
    {
        await Task.Run(() => Task.Delay(20));
        await Task.WhenAll(Work.ShortAsync(), Work.ShortAsync());
    }
}
