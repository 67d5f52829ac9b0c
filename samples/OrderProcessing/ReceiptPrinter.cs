namespace OrderProcessing;

/// <summary>Prints receipts; the printer is often out of paper.</summary>
public static class ReceiptPrinter
{
    // begin-snippet: unobserved-fault-bug
    public static void PrintAndForget(Order order) => _ = PrintAsync(order);
    // end-snippet

    // begin-snippet: unobserved-fault-fix
    public static async Task PrintOrLogAsync(Order order, Action<Exception> log)
    {
        try
        {
            await PrintAsync(order);
        }
        catch (InvalidOperationException e)
        {
            log(e);
        }
    }
    // end-snippet

    public static async Task PrintAsync(Order order)
    {
        await Task.Yield();
        throw new InvalidOperationException($"Printer out of paper (receipt for order {order.Id}).");
    }
}
