using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderProcessing.Services;

namespace OrderProcessing;

/// <summary>Builds the worker service host: the queue and the six hosted services, bug or fixed variants.</summary>
public static class OrderProcessingHost
{
    /// <summary>The host with all six services.</summary>
    public static IHost Build(SampleOptions options) =>
        Build(options, typeof(OrderConsumer), typeof(PaymentPoller), typeof(CacheRefresher), typeof(AuditForwarder), typeof(FraudScorer), typeof(OrderNotifier));

    /// <summary>The host with only the given hosted services (one bug at a time, for the leak catalog).</summary>
    public static IHost Build(SampleOptions options, params Type[] services)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o =>
        {
            // Shorter than any leak check's timeout, so a stuck service cannot outlast the check. The fixed services
            // stop in milliseconds, but on a loaded CI machine 1 s was once too short for them (canceled at 1.02 s
            // while five test processes shared 2 cores): the fixed host gets room, and its checks wait 10 s, which a
            // clean check never spends.
            o.ShutdownTimeout = options.Fixed ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1);
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore;
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<OrderQueue>();
        foreach (var service in services)
        {
            builder.Services.AddSingleton(typeof(IHostedService), service);
        }

        return builder.Build();
    }

    /// <summary>Waits until every service runs, then places orders and waits until they are processed.</summary>
    public static async Task ExerciseAsync(IHost host, int orders = 3)
    {
        var limit = TimeSpan.FromSeconds(30);
        await Task.WhenAll(host.Services.GetServices<IHostedService>().OfType<IRunningSignal>().Select(s => s.Running)).WaitAsync(limit);

        var queue = host.Services.GetRequiredService<OrderQueue>();
        if (!host.Services.GetServices<IHostedService>().OfType<OrderConsumer>().Any())
        {
            return;
        }

        var processed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int remaining = orders;
        EventHandler<Order> countDown = (_, _) =>
        {
            if (Interlocked.Decrement(ref remaining) == 0)
            {
                processed.TrySetResult();
            }
        };
        queue.OrderProcessed += countDown;
        try
        {
            for (int i = 1; i <= orders; i++)
            {
                await queue.PlaceAsync(new Order(i, 10m * i));
            }

            await processed.Task.WaitAsync(limit);
        }
        finally
        {
            queue.OrderProcessed -= countDown;
        }
    }
}
