using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Failback.Engine.Tests.Interactions;

/// <summary>
/// A recording decorator around a real port: each call is made first on <c>calls</c>, an NSubstitute substitute that
/// records it (for Received, Received.InOrder and When..Do), then on the real port, whose answer or fault the caller gets.
/// </summary>
public class PortSpy<T> : DispatchProxy where T : class
{
    private T _real = null!;
    private T _calls = null!;
    private Func<object?, object?> _wrapResult = r => r;

    /// <summary>The real port seen through <paramref name="calls"/>; <paramref name="wrapResult"/> may wrap what it returns (a session a login returns).</summary>
    public static T Wrap(T real, T calls, Func<object?, object?>? wrapResult = null)
    {
        var proxy = Create<T, PortSpy<T>>();
        var spy = (PortSpy<T>)(object)proxy;
        (spy._real, spy._calls) = (real, calls);
        if (wrapResult is not null) spy._wrapResult = wrapResult;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(method);
        method.Invoke(_calls, args);
        try
        {
            return _wrapResult(method.Invoke(_real, args));
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
