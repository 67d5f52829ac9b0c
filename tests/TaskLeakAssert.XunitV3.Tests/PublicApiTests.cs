using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.XunitV3.Tests;

/// <summary>The public API is a contract: any change to it must change PublicApi.approved.txt in the same commit.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void The_public_API_matches_the_approved_listing() => 
        // By name: the adapter's xunit v3 base types are not among this xunit 2 project's compile references.
        PublicApi.MatchesApproved(System.Reflection.Assembly.Load("TaskLeakAssert.XunitV3"));
}
