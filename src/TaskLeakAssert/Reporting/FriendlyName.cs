using System.Reflection;
using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// A user-facing name for compiler output: <c>Worker.PumpAsync</c> for <c>Worker+&lt;PumpAsync&gt;d__3</c>,
/// <c>lambda in Worker.Start</c> for <c>Worker+&lt;&gt;c.&lt;Start&gt;b__0_0</c>.
/// </summary>
internal readonly record struct FriendlyName(string? Owner, string Member, bool IsLambda)
{
    /// <summary><c>Worker.Start</c>: what ignore rules match.</summary>
    public string Qualified => Owner is null ? Member : $"{Owner}.{Member}";

    public override string ToString() => IsLambda ? $"lambda in {Qualified}" : Qualified;

    public static FriendlyName ForMethod(MethodBase method)
    {
        var type = method.DeclaringType;
        if (method.Name == "MoveNext" && type is not null && IsCompilerGenerated(type) && type.Name.StartsWith('<'))
        {
            return ForStateMachine(type);
        }

        return FromMember(OwnerName(type), method.Name);
    }

    /// <summary>The async method behind a state machine type.</summary>
    public static FriendlyName ForStateMachine(Type stateMachine) =>
        FromMember(OwnerName(stateMachine.DeclaringType), StateMachineMember(stateMachine.Name));

    /// <summary>From a generated or plain member name and, when known, the type it was declared in.</summary>
    public static FriendlyName FromMember(string? owner, string rawMember)
    {
        // <Start>b__0_0: a lambda in Start. <Start>g__Loop|0_0: local function Loop in Start.
        // Names nest (<<Main>$>b__0_1 is a lambda in the top-level Main), so match brackets.
        if (rawMember.StartsWith('<'))
        {
            string outer = StateMachineMember(rawMember);
            string rest = rawMember[Math.Min(rawMember.Length, outer.Length + 2)..];
            if (outer.Length > 0 && outer.Length + 2 <= rawMember.Length)
            {
                if (rest.StartsWith("g__", StringComparison.Ordinal))
                {
                    int bar = rest.IndexOf('|', StringComparison.Ordinal);
                    return new FriendlyName(owner, bar > 3 ? rest[3..bar] : rest[3..], IsLambda: false);
                }

                var enclosing = FromMember(owner, outer);
                return enclosing with { IsLambda = enclosing.IsLambda || rest.StartsWith("b__", StringComparison.Ordinal) };
            }
        }

        return new FriendlyName(owner, rawMember, IsLambda: false);
    }

    /// <summary><c>&lt;PumpAsync&gt;d__3</c> → <c>PumpAsync</c>; <c>&lt;&lt;Start&gt;b__0_0&gt;d</c> → <c>&lt;Start&gt;b__0_0</c>.</summary>
    public static string StateMachineMember(string stateMachineName)
    {
        var member = StateMachineMember(stateMachineName.AsSpan());
        return member.Length == stateMachineName.Length ? stateMachineName : member.ToString();
    }

    /// <summary>The same without allocating, for the task-creation path.</summary>
    public static ReadOnlySpan<char> StateMachineMember(ReadOnlySpan<char> stateMachineName)
    {
        if (!stateMachineName.StartsWith("<", StringComparison.Ordinal))
        {
            return stateMachineName;
        }

        int depth = 0;
        for (int i = 0; i < stateMachineName.Length; i++)
        {
            depth += stateMachineName[i] switch { '<' => 1, '>' => -1, _ => 0 };
            if (depth == 0)
            {
                return stateMachineName[1..i];
            }
        }

        return stateMachineName;
    }

    /// <summary>The user type a member belongs to: closure and state machine classes are skipped, generic arity removed.</summary>
    public static string? OwnerName(Type? type)
    {
        type = UserType(type);
        if (type is null)
        {
            return null;
        }

        string name = StripArity(type.Name);
        return type.DeclaringType is null ? name : $"{OwnerName(type.DeclaringType)}.{name}";
    }

    /// <summary>The user type behind a closure or state machine class: the first declaring type the compiler did not generate.</summary>
    public static Type? UserType(Type? type)
    {
        while (type is not null && IsCompilerGenerated(type))
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static bool IsCompilerGenerated(Type type) =>
        type.Name.StartsWith('<') || type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    private static string StripArity(string name)
    {
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }
}
