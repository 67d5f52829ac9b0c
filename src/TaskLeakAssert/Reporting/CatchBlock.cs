using System.Diagnostics;
using System.Reflection;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// Finds the catch block a stack frame runs in when the runtime reports it at the <c>throw</c> that led there. A
/// catch block runs while its method's own frame still stands at that throw, so the runtime's line for code in the
/// block is the throw's line in the try. The frame's IL offset pointing at a <c>throw</c> (which never returns) says
/// it is running a handler; the method's exception clauses say which, and its PDB gives that handler's first line.
/// </summary>
internal static class CatchBlock
{
    private const byte Throw = 0x7A;
    private const byte Prefix = 0xFE;
    private const byte Rethrow = 0x1A;

    /// <summary>The first line of the catch block <paramref name="frame"/> runs in, or null when it runs no handler (or cannot tell).</summary>
    public static int? LineOf(StackFrame frame)
    {
        try
        {
            if (frame.GetMethod() is not { } method || frame.GetILOffset() is not (>= 0 and var offset)
                || method.GetMethodBody() is not { } body || body.GetILAsByteArray() is not { } il || offset >= il.Length
                || !(il[offset] == Throw || (il[offset] == Prefix && offset + 1 < il.Length && il[offset + 1] == Rethrow)))
            {
                return null;
            }

            // The innermost try around the throw with a catch (the first of its catch clauses when it has several).
            var handler = body.ExceptionHandlingClauses
                .Where(c => c.Flags is ExceptionHandlingClauseOptions.Clause or ExceptionHandlingClauseOptions.Filter
                    && c.TryOffset <= offset && offset < c.TryOffset + c.TryLength)
                .OrderBy(c => c.TryLength)
                .FirstOrDefault();
            return handler is null ? null : SourceLines.FirstLineFrom(method, handler.HandlerOffset);
        }
        catch (Exception e) when (e is InvalidOperationException or MemberAccessException or NotSupportedException)
        {
            return null;
        }
    }
}
