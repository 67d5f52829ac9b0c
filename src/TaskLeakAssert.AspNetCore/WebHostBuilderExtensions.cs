using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace TaskLeakAssert.AspNetCore;

/// <summary>TaskLeakAssert for a WebApplicationFactory subclass: opt in where the subclass configures its host.</summary>
/// <example>
/// <code>
/// public sealed class ShopFactory : WebApplicationFactory&lt;Program&gt;
/// {
///     protected override void ConfigureWebHost(IWebHostBuilder builder) =&gt; builder.UseTaskLeakTracking();
/// }
/// </code>
/// </example>
public static class WebHostBuilderExtensions
{
    /// <summary>
    /// Runs each request of the factory's in-memory server in the flow of the code that sent it, so the work a
    /// request leaves behind belongs to that code's scope: the test's (the attribute's, or a
    /// <see cref="TaskLeakScope"/>), or a shared fixture's when the fixture's own code sent it. The report names the
    /// endpoint. It sets <see cref="TestServerOptions.PreserveExecutionContext"/>. The same as
    /// <see cref="WebApplicationFactoryExtensions.WithTaskLeakTracking{TEntryPoint}"/>, for a subclass that keeps its
    /// own type (a class fixture with helper methods).
    /// </summary>
    /// <param name="builder">The web host builder, in the factory's <c>ConfigureWebHost</c>.</param>
    /// <returns>The same builder.</returns>
    public static IWebHostBuilder UseTaskLeakTracking(this IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        RequestTracking.Activate();
        return builder.ConfigureServices(services => services.Configure<TestServerOptions>(options => options.PreserveExecutionContext = true));
    }
}
