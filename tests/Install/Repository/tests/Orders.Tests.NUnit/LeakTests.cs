using NUnit.Framework;
using TaskLeakAssert.NUnit;

namespace Orders.Tests.NUnit;

public class LeakTests
{
    [Test]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 300)]
    public async Task Leaves_a_polling_loop_running()
    {
        _ = PollForeverAsync();
        await Task.Yield();
    }

    [Test]
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
