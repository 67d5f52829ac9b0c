using Microsoft.Extensions.Hosting;

namespace OrderProcessing.Services;

/// <summary>Scores orders for fraud: CPU-bound work.</summary>
public sealed class FraudScorer(SampleOptions options) : BackgroundService, IRunningSignal
{
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Running => _running.Task;

    public long Scored { get; private set; }

    // begin-snippet: cpu-bound-loop
    // Bug: a CPU-bound loop never reaches an await, so cancellation can never reach it through one.
    // Fixed: the loop checks the token itself.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        _running.TrySetResult();
        if (options.Fixed)
        {
            ScoreUntil(stoppingToken);
        }
        else
        {
            ScoreForever();
        }
    }

    private void ScoreUntil(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Scored++;
            Thread.SpinWait(1000);
        }
    }

    private void ScoreForever()
    {
        while (!options.Released)
        {
            Scored++;
            Thread.SpinWait(1000);
        }
    }
    // end-snippet
}
