using OrdersApi;

var builder = WebApplication.CreateBuilder(args);
var options = builder.Configuration.GetSection("OrdersApi").Get<ApiOptions>() ?? new ApiOptions();
builder.Services.AddSingleton(options);
builder.Services.AddSingleton<ConfirmationSender>();
builder.Services.AddHostedService<OrderExpiryService>();

var app = builder.Build();
app.MapOrders();
app.Run();

/// <summary>The entry point, for WebApplicationFactory&lt;Program&gt;.</summary>
public partial class Program;
