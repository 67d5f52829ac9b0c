namespace TaskLeakAssert.Fixtures;

/// <summary>
/// The short clean shapes every volume row runs, by row number, in every framework's fixture: the shapes
/// that once made a runner thread look like a leak (a yield, a short Task.Run, a TaskCompletionSource
/// completed from the pool, an awaited delay) and a synchronous body.
/// </summary>
public static class CleanShapes
{
    public static async Task RunAsync(int row)
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
                // Synchronous: nothing to await at all.
                ArgumentOutOfRangeException.ThrowIfNegative(row);
                break;
        }
    }
}
