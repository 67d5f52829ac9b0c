using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.AspNetCore.Tests;

/// <summary>The public API is a contract: any change to it must change PublicApi.approved.txt in the same commit.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void The_public_API_matches_the_approved_listing() => PublicApi.MatchesApproved(typeof(WebApplicationFactoryExtensions).Assembly);
}
