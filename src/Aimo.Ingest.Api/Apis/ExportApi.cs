using Aimo.Data.Export;

namespace Aimo.Ingest.Api.Apis;

/// <summary>
/// <c>GET /api/export/{batches|review|signatures}</c>: the export the admin's Export buttons download too
/// (<see cref="ExportEndpoint"/>), here for an operator key (the route group's policy).
/// </summary>
public static class ExportApi
{
    public static RouteGroupBuilder MapExportApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/export").WithTags("Export")
            .MapExport("/{kind}").WithName("Export");
        return api;
    }
}
