using TaskLeakAssert.XunitV3;
using Xunit;

// The framework line from getting-started: each test checked from its constructor to its disposal.
[assembly: TestFramework(typeof(TaskLeakTestFramework))]

namespace Install.XunitV3;

public class LeakTests
{
    [Fact]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 300)]
    public async Task Leaves_a_polling_loop_running()
    {
        _ = PollForeverAsync();
        await Task.Yield();
    }

    [Fact]
    [AssertNoLeakedTasks]
    public async Task Awaits_all_its_work()
    {
        await Task.Run(() => Task.Delay(10, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
    }

    private static async Task PollForeverAsync()
    {
        while (true)
        {
            await Task.Delay(20);
        }
    }
}
