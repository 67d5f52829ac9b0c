using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// Source lines read from a module's portable PDB (side by side or embedded), for IL offsets the runtime's stack
/// trace cannot give a line for. Read only when a report is written; a module without a PDB answers null.
/// </summary>
internal static class SourceLines
{
    private static readonly ConcurrentDictionary<string, MetadataReaderProvider?> s_pdbs = new(StringComparer.Ordinal);

    /// <summary>The line of the first visible statement at or after <paramref name="ilOffset"/> in <paramref name="method"/>.</summary>
    public static int? FirstLineFrom(MethodBase method, int ilOffset)
    {
        try
        {
            if (Pdb(method.Module) is not { } reader)
            {
                return null;
            }

            var handle = MetadataTokens.MethodDefinitionHandle(method.MetadataToken).ToDebugInformationHandle();
            foreach (var point in reader.GetMethodDebugInformation(handle).GetSequencePoints())
            {
                if (point.Offset >= ilOffset && !point.IsHidden)
                {
                    return point.StartLine;
                }
            }
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            // A PDB we cannot read gives no line: the frame keeps the one the runtime gave.
        }

        return null;
    }

    private static MetadataReader? Pdb(Module module)
    {
        string path = module.Assembly.Location;
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        return s_pdbs.GetOrAdd(path, static assemblyPath =>
        {
            using var pe = new PEReader(File.OpenRead(assemblyPath));
            return pe.TryOpenAssociatedPortablePdb(assemblyPath, p => File.Exists(p) ? File.OpenRead(p) : null, out var provider, out _) ? provider : null;
        })?.GetMetadataReader();
    }
}
