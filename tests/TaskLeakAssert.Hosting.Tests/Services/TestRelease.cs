namespace TaskLeakAssert.Hosting.Tests.Services;

/// <summary>
/// Ends the deliberately leaky services after the verdict. The services ignore the host's tokens (that
/// is the bug under test) but stop on this one, so no test leaves work running for the next.
/// </summary>
public sealed class TestRelease : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        _source.Cancel();
        _source.Dispose();
    }
}
