using TaskLeakAssert.Fixtures;
using Xunit;

namespace TaskLeakAssert.Xunit.Fixture;

public class LeakyTests
{
    [Fact]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
    public async Task Leaks_a_polling_loop()
    {
        _ = Work.PollForeverAsync();
        await Task.Delay(100);
    }

    [Fact]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
    public async Task Leaks_an_unobserved_fault()
    {
        _ = Work.FailLaterAsync();
        await Task.Delay(100);
    }

    [Fact]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 500, IgnoredMethods = new[] { "Work.PollForeverAsync" })]
    public async Task Leaks_only_ignored_background_work()
    {
        _ = Work.PollForeverAsync();
        await Task.Delay(100);
    }

    [Fact]
    public async Task Leaks_without_the_attribute()
    {
        _ = Work.PollForeverAsync();
        await Task.Delay(100);
    }
}
