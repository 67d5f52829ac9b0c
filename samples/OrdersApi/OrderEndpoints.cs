namespace OrdersApi;

/// <summary>The orders endpoints: each classic request bug, and its fix, chosen by <see cref="ApiOptions.Fixed"/>.</summary>
public static class OrderEndpoints
{
    public static void MapOrders(this IEndpointRouteBuilder app)
    {
        app.MapPost("/orders/{id:int}", PlaceOrder);
        app.MapGet("/orders/{id:int}/status-stream", StreamStatus);
        app.MapGet("/orders/{id:int}", GetOrder);
    }

    // begin-snippet: fire-and-forget-after-response
    public static async Task<IResult> PlaceOrder(int id, ApiOptions options, ConfirmationSender sender, CancellationToken requestAborted)
    {
        if (!options.Fixed)
        {
            // Bug: the confirmation is fired and forgotten; the response goes out and the send outlives the request.
            _ = sender.SendWithoutTimeoutAsync(id);
            return Results.Accepted($"/orders/{id}");
        }

        // Fixed: the request waits for the send, which observes the request's token.
        await sender.SendAsync(id, requestAborted);
        return Results.Created($"/orders/{id}", new { id });
    }
    // end-snippet

    // begin-snippet: ignored-request-aborted
    public static async Task StreamStatus(int id, HttpContext context, ApiOptions options)
    {
        // Bug: the stream ignores RequestAborted, so its loop goes on after the client has gone.
        // Fixed: it observes RequestAborted and ends with the request.
        var token = options.Fixed ? context.RequestAborted : options.LeakRelease;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync($"order {id}: placed\n", token);
        await context.Response.Body.FlushAsync(token);
        try
        {
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }
    // end-snippet

    public static IResult GetOrder(int id) => Results.Ok(new { id, status = "placed" });
}
