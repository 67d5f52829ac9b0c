using System.Reflection;
using System.Reflection.Emit;

namespace TaskLeakAssert;

/// <summary>
/// Whether a test class's constructor runs code of its own (field initializers, a body, a primary constructor's
/// fields), read from its IL: the attribute alone begins its check after the constructor, so what such a
/// constructor starts (a queue whose worker starts with it) is not checked, and a passing test says so.
/// </summary>
internal static class TestClassSetup
{
    private static readonly short s_call = OpCodes.Call.Value;

    /// <summary>True when a public constructor of <paramref name="testClass"/> does more than call a base constructor that does nothing.</summary>
    public static bool ConstructorDoesWork(Type testClass) =>
        testClass.GetConstructors(BindingFlags.Public | BindingFlags.Instance).Any(DoesWork);

    private static bool DoesWork(ConstructorInfo constructor)
    {
        if (constructor.DeclaringType == typeof(object))
        {
            return false;
        }

        byte[]? il;
        try
        {
            il = constructor.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or MethodAccessException)
        {
            return false;
        }

        if (il is null)
        {
            return false;
        }

        // The shape of a constructor that does nothing: ldarg.0, call base .ctor, ret (nop in between in Debug).
        for (int i = 0; i < il.Length;)
        {
            byte op = il[i];
            if (op == OpCodes.Nop.Value || op == OpCodes.Ldarg_0.Value || op == OpCodes.Ret.Value)
            {
                i++;
            }
            else if (op == s_call && i + 4 < il.Length)
            {
                if (!IsEmptyBaseConstructor(constructor, BitConverter.ToInt32(il, i + 1)))
                {
                    return true;
                }

                i += 5;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsEmptyBaseConstructor(ConstructorInfo constructor, int token)
    {
        try
        {
            var type = constructor.DeclaringType!;
            return constructor.Module.ResolveMethod(token, type.GetGenericArguments(), null) is ConstructorInfo { IsStatic: false } called
                && called.DeclaringType != type
                && !DoesWork(called);
        }
        catch (Exception e) when (e is ArgumentException or BadImageFormatException or MissingMethodException or TypeLoadException)
        {
            return false;
        }
    }
}
