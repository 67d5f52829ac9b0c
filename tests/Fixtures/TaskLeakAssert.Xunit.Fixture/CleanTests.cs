using TaskLeakAssert.Fixtures;
using Xunit;

namespace TaskLeakAssert.Xunit.Fixture;

[AssertNoLeakedTasks]
public class CleanTests
{
    [Fact]
    public async Task Awaits_all_its_work()
    {
        await Task.Run(() => Task.Delay(20));
        await Task.WhenAll(Work.ShortAsync(), Work.ShortAsync());
    }

    [Fact]
    public async Task Fires_and_forgets_short_work_that_resumes_on_the_test_context()
    {
        _ = Work.ShortAsync();
        _ = Task.Run(Work.ShortAsync);
        await Task.Yield();
    }

    [Fact(Timeout = 30000)]
    public async Task Runs_under_an_xunit_timeout()
    {
        await Task.Delay(50);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Is_a_theory(int delay)
    {
        await Task.Delay(delay);
    }

    [Fact]
    public async Task Observes_its_fault_with_Assert_ThrowsAsync()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(Work.FailLaterAsync);
    }

    [Fact]
    public void Is_synchronous()
    {
        Assert.True(true);
    }

    [Fact]
    public async Task Sees_the_scope_set_in_Before()
    {
        await Task.Yield();
        Assert.NotNull(TaskLeakScope.Current);
        Assert.Equal("CleanTests.Sees_the_scope_set_in_Before", TaskLeakScope.Current!.Name);
    }
}

public class MoreCleanTests
{
    [Fact]
    [AssertNoLeakedTasks]
    public async Task Runs_beside_the_leaky_ones()
    {
        for (int i = 0; i < 10; i++)
        {
            await Task.Run(() => Task.Delay(20));
        }
    }

    [Fact]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 2000)]
    public void Has_no_async_code_at_all()
    {
        Assert.Equal(2, 1 + 1);
    }
}
