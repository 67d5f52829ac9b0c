using System.Reflection;

namespace TaskLeakAssert.Hosting;

/// <summary>
/// Switches on the integrations that are installed beside this package, when a host is started tracked: with
/// TaskLeakAssert.AspNetCore in the test project, the requests of a tracked web host (on Kestrel too) run in
/// the host's scope and each task records its request, with nothing registered in the app. Loaded by name so
/// that this package does not depend on ASP.NET Core; a missing package is simply not there.
/// </summary>
internal static class Integrations
{
    private static int s_activated;
    private static bool s_requestsTracked;

    /// <summary>Whether TaskLeakAssert.AspNetCore was found and switched on: requests of a tracked web host join its scope.</summary>
    public static bool RequestsTracked => Volatile.Read(ref s_requestsTracked);

    public static void Activate()
    {
        if (Interlocked.Exchange(ref s_activated, 1) != 0)
        {
            return;
        }

        try
        {
            var activate = Assembly.Load(new AssemblyName("TaskLeakAssert.AspNetCore"))
                .GetType("TaskLeakAssert.AspNetCore.RequestTracking")?
                .GetMethod("Activate", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, Type.EmptyTypes);
            activate?.Invoke(null, null);
            Volatile.Write(ref s_requestsTracked, activate is not null);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException or TargetInvocationException)
        {
            // Not installed, or not loadable here: hosts are tracked as before, requests run outside the scope.
        }
    }
}
