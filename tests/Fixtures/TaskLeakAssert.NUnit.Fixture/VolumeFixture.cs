using NUnit.Framework;

namespace TaskLeakAssert.NUnit.Fixture;

/// <summary>
/// 500 short clean tests, run in parallel: none may fail. Each row is one of the shapes that once made a
/// runner thread look like a leak: a yield, a short Task.Run, a TaskCompletionSource completed from the
/// pool, an awaited delay, a synchronous body.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class VolumeFixture
{
    public static IEnumerable<int> Rows() => Enumerable.Range(0, 500);

    [TestCaseSource(nameof(Rows))]
    public async Task Is_clean(int row)
    {
        switch (row % 5)
        {
            case 0:
                await Task.Yield();
                break;
            case 1:
                await Task.Run(() => row * 2);
                break;
            case 2:
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _ = Task.Run(done.SetResult);
                await done.Task;
                break;
            case 3:
                await Task.Delay(1);
                break;
            default:
                Assert.That(row, Is.GreaterThanOrEqualTo(0));
                break;
        }
    }
}
