using System.Diagnostics;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Decides when a task created in a test's flow is a shared fixture's: the fixture's own code created it
/// (a fixture that starts its host lazily, on the first test's <c>CreateClient()</c>), or code of a task the
/// fixture already owns is running (that host's loop, resumed after an await). Such a task belongs to the
/// fixture's scope, checked at the fixture's teardown, never to the test that happened to trigger it. Work of a
/// request the test sent (through the fixture's factory) stays the test's.
/// </summary>
/// <remarks>Only tasks adopted this way pass ownership on by running code (<see cref="TrackedTask.Adopted"/>).</remarks>
internal static class FixtureOwnership
{
    /// <summary>The scope a new task belongs to, given the scope of the flow that creates it.</summary>
    public static ScopeTracker? OwnerOf(ScopeTracker? flowScope)
    {
        if (TrackingActivation.OpenFixtureScopes == 0)
        {
            return flowScope;
        }

        // A request a test sent through a shared factory is the test's, whatever fixture code is on its stack.
        if (flowScope is { IsFixture: false } && StartContext.Current is { BelongsToTheCaller: true })
        {
            return flowScope;
        }

        if (RunningTasks.Current is int running
            && TrackedTaskRegistry.TryGet(running, out var runningTask)
            && runningTask is { Adopted: true, Scope: { IsFixture: true, IsFinished: false } fixture }
            && fixture != flowScope)
        {
            return fixture;
        }

        return flowScope?.Fixtures is { Length: > 0 } fixtures ? FixtureOnStack(fixtures) ?? flowScope : flowScope;
    }

    /// <summary>The first fixture whose code is on the creating stack (its type, a base type, or a type nested in them).</summary>
    private static ScopeTracker? FixtureOnStack(ScopeTracker[] fixtures)
    {
        if (!fixtures.Any(f => f.FixtureCode.IsKnown && !f.IsFinished))
        {
            return null;
        }

        var frames = new StackTrace(2, fNeedFileInfo: false).GetFrames();
        foreach (var frame in frames)
        {
            for (var type = frame.GetMethod()?.DeclaringType; type is not null; type = type.DeclaringType)
            {
                foreach (var fixture in fixtures)
                {
                    if (!fixture.IsFinished && fixture.IsFixture && fixture.FixtureCode.Owns(type))
                    {
                        return fixture;
                    }
                }
            }
        }

        return null;
    }
}
