using Aimo.Core;

namespace Aimo.AppHost;

internal static class ResultsWebhookExtensions
{
    /// <summary>The receiver's URL; the webhook is off without it.</summary>
    public const string UrlSetting = "Aimo:Results:Webhook:Url";

    /// <summary>
    /// The optional results webhook of the ingest service: the URL from AppHost configuration, the signing secret a
    /// secret parameter (masked in the dashboard, kept out of the manifest; azd asks for it).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithResultsWebhook(this IResourceBuilder<ProjectResource> ingest)
    {
        var url = ingest.ApplicationBuilder.Configuration[UrlSetting];
        if (string.IsNullOrWhiteSpace(url))
        {
            return ingest;
        }
        return ingest.WithEnvironment("Aimo__Results__Webhook__Url", url)
            .WithEnvironment("Aimo__Results__Webhook__Secret", ingest.ApplicationBuilder.AddParameter(ResourceNames.ResultsWebhookSecret, secret: true));
    }
}
