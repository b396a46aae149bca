using Aimo.Data.Export;

namespace Aimo.Admin.Export;

/// <summary>
/// <c>GET /export/{kind}</c>: the Export buttons' downloads, for the signed-in operator (the admin's fallback policy).
/// The same endpoint as the ingest API's <c>/api/export/{kind}</c> (<see cref="ExportEndpoint"/>).
/// </summary>
public static class ExportEndpoints
{
    public const string Path = "export";

    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapExport($"/{Path}/{{kind}}");
        return app;
    }
}
