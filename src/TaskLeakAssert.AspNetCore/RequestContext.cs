using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using TaskLeakAssert.Reporting;
using TaskLeakAssert.Tracking;

namespace TaskLeakAssert.AspNetCore;

/// <summary>
/// The HTTP request a flow is serving, as a task's report shows it: <c>request GET /orders/{id:int}
/// (OrderEndpoints.GetOrder)</c> once routing chose the endpoint, <c>request GET /orders/7</c> before.
/// Holds strings only: nothing of the request outlives it through a tracked task.
/// </summary>
internal sealed class RequestContext(string method, string path) : StartContext
{
    private static readonly ConditionalWeakTable<Endpoint, string> s_endpointNames = new();

    private volatile string _description = $"request {method} {path}";

    public override string? Description => _description;

    /// <summary>A request is the work of the code that sent it: a test's, even through a shared fixture's factory.</summary>
    public override bool BelongsToTheCaller => true;

    /// <summary>Routing chose the endpoint: from now on the request reads as its route pattern and handler.</summary>
    public void Matched(Endpoint? endpoint)
    {
        if (endpoint is not null)
        {
            _description = $"request {method} {s_endpointNames.GetValue(endpoint, Describe)}";
        }
    }

    // "/orders/{id:int} (OrderEndpoints.GetOrder)"; an MVC action by its controller method.
    private static string Describe(Endpoint endpoint)
    {
        string route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? endpoint.DisplayName ?? "(endpoint)";
        var handler = endpoint.Metadata.GetMetadata<ControllerActionDescriptor>()?.MethodInfo ?? endpoint.Metadata.GetMetadata<MethodInfo>();
        return handler is null ? route : $"{route} ({FriendlyName.ForMethod(handler)})";
    }
}
