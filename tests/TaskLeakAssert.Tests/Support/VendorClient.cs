namespace TaskLeakAssert.Tests.Support;

/// <summary>
/// Stands for a library's client that keeps a loop for the process's life: this test assembly lists its loop as
/// framework work (<c>[assembly: FrameworkWork]</c> in FrameworkWorkTests.cs). The loop ends on the test's release.
/// </summary>
public sealed class VendorClient(CancellationToken release)
{
    /// <summary>Starts the keep-alive loop and returns at once, as a library's connect call would.</summary>
    public Task Connect()
    {
        _ = KeepAliveAsync();
        return Task.CompletedTask;
    }

    /// <summary>The catalogued loop: a delay, then a helper task, over and over.</summary>
    public async Task KeepAliveAsync()
    {
        while (!release.IsCancellationRequested)
        {
            await Task.Delay(20);
            await Task.Run(() => { });
        }
    }
}

/// <summary>The user's own loop, with the same method name as the catalogued one: always counted.</summary>
public sealed class UserClient(CancellationToken release)
{
    public Task Connect()
    {
        _ = KeepAliveAsync();
        return Task.CompletedTask;
    }

    public async Task KeepAliveAsync()
    {
        while (!release.IsCancellationRequested)
        {
            await Task.Delay(20);
        }
    }
}
