using System.Reflection;
using Xunit;

namespace TaskLeakAssert.Tests.Shared;

/// <summary>Lists a package's public API as sorted text lines, so API changes show up in review.</summary>
public static class PublicApi
{
    public static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            lines.Add($"type {type.FullName}");
            const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(Declared))
            {
                if (member is MethodInfo { IsSpecialName: true })
                {
                    continue;
                }

                lines.Add($"  {type.FullName}: {member.MemberType} {member}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>
    /// Asserts that an assembly's public API matches PublicApi.approved.txt. On a mismatch,
    /// PublicApi.received.txt in the test output folder holds the new listing to review and copy.
    /// </summary>
    public static void MatchesApproved(Assembly assembly)
    {
        string actual = Describe(assembly);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "PublicApi.received.txt"), actual);
        Assert.Equal(Approved("PublicApi.approved.txt"), actual);
    }

    /// <summary>The checked-in listing, copied next to the test assembly by the csproj.</summary>
    public static string Approved(string fileName) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, fileName)).ReplaceLineEndings("\n");
}
