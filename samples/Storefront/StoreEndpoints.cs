using Microsoft.EntityFrameworkCore;

namespace Storefront;

/// <summary>The shop's endpoints, with two of the planted leaks.</summary>
public static class StoreEndpoints
{
    public static void MapStore(this IEndpointRouteBuilder app)
    {
        app.MapPost("/orders/{id:int}", PlaceOrder);
        app.MapGet("/orders/{id:int}", GetOrder);
        app.MapGet("/orders/{id:int}/updates", StreamUpdates);
        app.MapHealthChecks("/health");
    }

    // begin-snippet: storefront-place-order
    public static async Task<IResult> PlaceOrder(int id, StoreDb db, ReceiptMailer mailer, StoreOptions options, CancellationToken requestAborted)
    {
        db.Orders.Add(new Order { Id = id });
        await db.SaveChangesAsync(requestAborted);

        if (options.Leaks.HasFlag(Leaks.ReceiptFiredAndForgotten))
        {
            // Bug: the receipt is fired and forgotten; the response goes out and the send outlives the request.
            _ = mailer.SendUntilDeliveredAsync(id);
        }
        else
        {
            await mailer.SendAsync(id, requestAborted);
        }

        return Results.Created($"/orders/{id}", new { id });
    }
    // end-snippet

    public static async Task<IResult> GetOrder(int id, StoreDb db, CancellationToken requestAborted) =>
        await db.Orders.FindAsync([id], requestAborted) is { } order ? Results.Ok(order) : Results.NotFound();

    public static async Task StreamUpdates(int id, HttpContext context, StoreOptions options)
    {
        // Bug: the stream ignores RequestAborted, so its loop goes on after the client has gone. Fixed: it ends with the request.
        var token = options.Leaks.HasFlag(Leaks.UpdatesIgnoreRequestAborted) ? options.LeakRelease : context.RequestAborted;
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
}
