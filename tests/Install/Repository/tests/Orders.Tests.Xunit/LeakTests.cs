using TaskLeakAssert.Xunit;
using Xunit;

namespace Orders.Tests.Xunit;

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
        await Task.Run(() => Task.Delay(10));
    }

    private static async Task PollForeverAsync()
    {
        while (true)
        {
            await Task.Delay(20);
        }
    }
}
