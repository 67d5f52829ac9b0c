using Microsoft.VisualStudio.TestTools.UnitTesting;
using TaskLeakAssert.MSTest;

// The whole assembly is checked: one line, as the README says.
[assembly: AssertNoLeakedTasks(TimeoutMilliseconds = 300)]
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]

namespace Install.MSTest;

[TestClass]
public class LeakTests
{
    [TestMethod]
    public async Task Leaves_a_polling_loop_running()
    {
        _ = PollForeverAsync();
        await Task.Yield();
    }

    [TestMethod]
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
