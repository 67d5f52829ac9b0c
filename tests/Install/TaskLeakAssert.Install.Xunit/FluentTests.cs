using FluentAssertions;
using TaskLeakAssert.FluentAssertions;
using Xunit;

namespace Install.Xunit;

public class FluentTests
{
    [Fact]
    public async Task A_function_that_awaits_its_work_passes()
    {
        Func<Task> act = async () => await Task.Run(() => Task.Delay(10));

        await act.Should().NotLeakTasksAsync();
    }

    [Fact]
    public async Task A_function_that_leaves_a_loop_fails_with_the_report()
    {
        Func<Task> act = () =>
        {
            _ = SpinForeverAsync();
            return Task.CompletedTask;
        };

        Func<Task> assertion = () => act.Should().NotLeakTasksAsync(new TaskLeakAssert.TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        (await assertion.Should().ThrowAsync<Exception>()).Which.Message.Should().Contain("FluentTests.SpinForeverAsync");
    }

    private static async Task SpinForeverAsync()
    {
        while (true)
        {
            await Task.Delay(20);
        }
    }
}
