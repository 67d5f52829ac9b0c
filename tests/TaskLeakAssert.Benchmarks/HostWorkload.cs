using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaskLeakAssert.Benchmarks;

/// <summary>A host with 20 BackgroundServices, each consuming messages from its own channel.</summary>
public static class HostWorkload
{
    public const int Services = 20;

    public static IHost Build()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        for (int i = 0; i < Services; i++)
        {
            builder.Services.AddSingleton<IHostedService, EchoService>();
        }

        return builder.Build();
    }

    /// <summary>Sends each service its messages and waits until all are handled.</summary>
    public static async Task ExerciseAsync(IHost host, int messagesPerService)
    {
        var services = host.Services.GetServices<IHostedService>().Cast<EchoService>().ToArray();
        foreach (var service in services)
        {
            for (int m = 0; m < messagesPerService; m++)
            {
                await service.Inbox.Writer.WriteAsync(m);
            }
        }

        await Task.WhenAll(services.Select(s => s.HandledAtLeastAsync(messagesPerService)));
    }

    public sealed class EchoService : BackgroundService
    {
        private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _handled;
        private int _target = int.MaxValue;

        public Channel<int> Inbox { get; } = Channel.CreateUnbounded<int>();

        public Task HandledAtLeastAsync(int count)
        {
            Volatile.Write(ref _target, count);
            if (Volatile.Read(ref _handled) >= count)
            {
                _enough.TrySetResult();
            }

            return _enough.Task;
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await foreach (int _ in Inbox.Reader.ReadAllAsync(stoppingToken))
                {
                    await Task.Yield();
                    if (Interlocked.Increment(ref _handled) >= Volatile.Read(ref _target))
                    {
                        _enough.TrySetResult();
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }
    }
}
