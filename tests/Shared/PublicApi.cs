using System.Reflection;

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

    /// <summary>The checked-in listing, copied next to the test assembly by the csproj.</summary>
    public static string Approved(string fileName) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, fileName)).ReplaceLineEndings("\n");
}
