using System.Collections.Concurrent;
using System.Diagnostics;
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

    /// <summary>
    /// Where a stack frame is in the source: its file and line, from the frame itself when it was captured with file
    /// information, else from its method's PDB. Frames are captured without file information (reading symbols on
    /// every task creation cost a test ~14 ms); only the frames a report shows are located, when it is written.
    /// </summary>
    public static (string File, int Line)? Of(StackFrame frame)
    {
        if (frame.GetFileName() is { } file)
        {
            return (file, frame.GetFileLineNumber());
        }

        return frame.GetMethod() is { } method && frame.GetILOffset() is >= 0 and var offset ? At(method, offset) : null;
    }

    /// <summary>The file and line of the statement at <paramref name="ilOffset"/>: the last visible sequence point at or before it.</summary>
    public static (string File, int Line)? At(MethodBase method, int ilOffset)
    {
        try
        {
            if (Pdb(method.Module) is not { } reader)
            {
                return null;
            }

            var handle = MetadataTokens.MethodDefinitionHandle(method.MetadataToken).ToDebugInformationHandle();
            SequencePoint? best = null;
            foreach (var point in reader.GetMethodDebugInformation(handle).GetSequencePoints())
            {
                if (point.Offset > ilOffset)
                {
                    break;
                }

                if (!point.IsHidden)
                {
                    best = point;
                }
            }

            return best is { } found ? (reader.GetString(reader.GetDocument(found.Document).Name), found.StartLine) : null;
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

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
