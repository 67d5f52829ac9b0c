using Storefront;

StorefrontApp.Build(args).Run();

/// <summary>The entry point, for WebApplicationFactory&lt;Program&gt;.</summary>
public partial class Program;
