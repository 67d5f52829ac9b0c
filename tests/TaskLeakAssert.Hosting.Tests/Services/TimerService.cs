using Microsoft.Extensions.Hosting;

namespace TaskLeakAssert.Hosting.Tests.Services;

/// <summary>Polls from a System.Threading.Timer that StopAsync never disposes; each poll outlasts the period.</summary>
public sealed class TimerService(TestRelease release) : IHostedService, IRunningSignal
{
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Running => _running.Task;
    private Timer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new Timer(_ => _ = PollAsync(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
        release.Token.Register(() => _timer.Dispose());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task PollAsync()
    {
        _running.TrySetResult();
        try
        {
            await Task.Delay(500, release.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
