using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.FluentAssertions.Tests;

/// <summary>The public API is a contract: any change to it must change PublicApi.approved.txt in the same commit.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void The_public_API_matches_the_approved_listing()
    {
        string actual = PublicApi.Describe(typeof(TaskLeakAssertionExtensions).Assembly);

        // On a mismatch, PublicApi.received.txt in the test output folder holds the new listing.
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "PublicApi.received.txt"), actual);
        Assert.Equal(PublicApi.Approved("PublicApi.approved.txt"), actual);
    }
}
