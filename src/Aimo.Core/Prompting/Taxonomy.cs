using Aimo.Core.Classification;

namespace Aimo.Core.Prompting;

/// <summary>One-line meanings of the categories and risk levels, as the model is told them.</summary>
public static class Taxonomy
{
    public static IReadOnlyDictionary<Category, string> Categories { get; } = new Dictionary<Category, string>
    {
        [Category.AiService] = "generative AI and LLM services, chat assistants, AI APIs",
        [Category.FileSharing] = "file storage, sync and transfer (cloud drives, upload/paste sites)",
        [Category.Webmail] = "web-based e-mail",
        [Category.Social] = "social networks, forums, messaging for personal use",
        [Category.Collaboration] = "work chat, meetings, shared documents and whiteboards",
        [Category.Developer] = "code hosting, package registries, CI, developer APIs",
        [Category.BusinessApp] = "SaaS business applications (CRM, HR, finance, ticketing)",
        [Category.Advertising] = "ad serving, ad tracking and ad exchanges",
        [Category.Analytics] = "telemetry, web analytics, error reporting",
        [Category.Cdn] = "content delivery networks and static asset hosts",
        [Category.MalwareC2] = "malware delivery, command-and-control, phishing",
        [Category.Internal] = "the organisation's own internal systems",
        [Category.Other] = "anything that fits none of the above",
    };

    public static IReadOnlyDictionary<RiskLevel, string> Risks { get; } = new Dictionary<RiskLevel, string>
    {
        [RiskLevel.Low] = "well-known service, no meaningful data leaves the organisation",
        [RiskLevel.Medium] = "some data may leave the organisation, or the service is little known",
        [RiskLevel.High] = "company data is likely uploaded to an unsanctioned service (e.g. AI prompts, file uploads)",
        [RiskLevel.Critical] = "malicious or compromised traffic, or bulk exfiltration",
    };
}
