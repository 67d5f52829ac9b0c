namespace OrderProcessing;

public sealed record Order(int Id, decimal Amount);
