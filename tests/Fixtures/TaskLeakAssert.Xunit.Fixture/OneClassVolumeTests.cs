using Xunit;

namespace TaskLeakAssert.Xunit.Fixture;

/// <summary>The same shapes, 600 in one class: xunit runs them one after another on its threads.</summary>
[AssertNoLeakedTasks]
public sealed class OneClassVolume
{
    public static IEnumerable<object[]> Rows() => Enumerable.Range(0, 600).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Is_clean(int row)
    {
        switch (row % 3)
        {
            case 0:
                await Task.Yield();
                break;
            case 1:
                await Task.Run(() => row * 2);
                break;
            default:
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _ = Task.Run(done.SetResult);
                await done.Task;
                break;
        }
    }
}
