using Xunit.Sdk;
using Xunit.v3;

namespace TaskLeakAssert.XunitV3.Sdk;

/// <summary>
/// Passes xunit's messages on, and when a test class, collection or the assembly has finished (xunit disposed
/// its fixtures just before), gives its fixtures' verdicts: a leak becomes xunit's own cleanup failure for that
/// class, collection or assembly, sent just before the message that ends it, as a failing Dispose would be.
/// </summary>
internal sealed class FixtureVerdictSink(IMessageSink inner) : IMessageSink
{
    public bool OnMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestClassFinished finished:
                Report(FixtureScopesOfRun.ClassOwner(finished.TestClassUniqueID ?? string.Empty), leak => TestClassCleanupFailure.FromException(leak, finished.AssemblyUniqueID, finished.TestCollectionUniqueID, finished.TestClassUniqueID));
                break;
            case ITestCollectionFinished finished:
                Report(FixtureScopesOfRun.CollectionOwner(finished.TestCollectionUniqueID), leak => TestCollectionCleanupFailure.FromException(leak, finished.AssemblyUniqueID, finished.TestCollectionUniqueID));
                break;
            case ITestAssemblyFinished finished:
                Report(FixtureScopesOfRun.AssemblyOwner, leak => TestAssemblyCleanupFailure.FromException(leak, finished.AssemblyUniqueID));
                break;
        }

        return inner.OnMessage(message);
    }

    private void Report(string owner, Func<Exception, IMessageSinkMessage> failure)
    {
        foreach (var report in FixtureScopesOfRun.EndOwnedBy(owner))
        {
            if (!report.IsClean)
            {
                inner.OnMessage(failure(new TaskLeakException(report)));
            }
        }
    }
}
