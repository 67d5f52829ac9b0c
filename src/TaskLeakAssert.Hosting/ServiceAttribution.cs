using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using TaskLeakAssert.Reporting;

namespace TaskLeakAssert.Hosting;

/// <summary>
/// Decides which hosted service is behind a leak or a failure, from the user types on its creation path
/// (innermost first): the service's own type wins over a base class it shares with other services.
/// </summary>
internal sealed class ServiceAttribution(IReadOnlyList<IHostedService> services)
{
    public IHostedService? OwnerOf(LeakedTask leak) => OwnerOf(leak.CreatorTypes);

    public IHostedService? OwnerOf(Exception exception) =>
        OwnerOf(new StackTrace(exception, fNeedFileInfo: false).GetFrames()
            .Select(f => FriendlyName.UserType(f.GetMethod()?.DeclaringType))
            .OfType<Type>()
            .ToArray());

    private IHostedService? OwnerOf(IReadOnlyList<Type> types)
    {
        foreach (var type in types)
        {
            var exact = services.FirstOrDefault(s => s.GetType() == type);
            if (exact is not null)
            {
                return exact;
            }
        }

        foreach (var type in types)
        {
            var derived = services.Where(s => type.IsAssignableFrom(s.GetType()) && type != typeof(object)).ToArray();
            if (derived.Length == 1)
            {
                return derived[0];
            }
        }

        return null;
    }
}
