using Aimo.Core.Classification;
using static Aimo.Core.Classification.Category;
using static Aimo.Core.Classification.RiskLevel;

namespace Aimo.LlmSimulator.Classification;

/// <summary>A service recognised by its domain: the host equals a domain or is a subdomain of one.</summary>
public sealed record KnownService(string Service, Category Category, RiskLevel Risk, double Confidence, params string[] Domains)
{
    public bool Matches(string host) =>
        Domains.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal));
}

/// <summary>
/// The simulator's "world knowledge". First match wins, so more specific domains (mail.google.com)
/// come before broader ones of the same owner.
/// </summary>
public static class KnownServices
{
    public static readonly IReadOnlyList<KnownService> All =
    [
        // AI services: where prompts and pasted documents leave the organisation.
        new("OpenAI API", AiService, High, 0.95, "api.openai.com"),
        new("ChatGPT", AiService, High, 0.95, "chatgpt.com", "chat.openai.com"),
        new("OpenAI", AiService, High, 0.9, "openai.com", "oaiusercontent.com"),
        new("Anthropic API", AiService, High, 0.95, "api.anthropic.com"),
        new("Claude", AiService, High, 0.95, "claude.ai", "anthropic.com"),
        new("Google Gemini", AiService, High, 0.93, "gemini.google.com", "bard.google.com", "aistudio.google.com"),
        new("Gemini API", AiService, High, 0.93, "generativelanguage.googleapis.com"),
        new("Microsoft Copilot", AiService, Medium, 0.9, "copilot.microsoft.com", "copilot.cloud.microsoft"),
        new("GitHub Copilot", AiService, Medium, 0.9, "githubcopilot.com", "copilot-proxy.githubusercontent.com"),
        new("Mistral AI", AiService, High, 0.92, "mistral.ai"),
        new("Perplexity", AiService, High, 0.92, "perplexity.ai"),
        new("DeepSeek", AiService, High, 0.92, "deepseek.com"),
        new("Poe", AiService, High, 0.9, "poe.com"),
        new("OpenRouter", AiService, High, 0.9, "openrouter.ai"),
        new("Groq", AiService, High, 0.9, "groq.com"),
        new("Cohere", AiService, High, 0.9, "cohere.com", "cohere.ai"),
        new("Character.AI", AiService, Medium, 0.88, "character.ai"),
        new("Hugging Face", AiService, Medium, 0.88, "huggingface.co", "hf.co"),
        new("Replicate", AiService, Medium, 0.88, "replicate.com"),
        // File sharing and paste sites: bulk exfiltration paths.
        new("Google Drive", FileSharing, Medium, 0.9, "drive.google.com", "drive.usercontent.google.com"),
        new("Dropbox", FileSharing, Medium, 0.9, "dropbox.com", "dropboxusercontent.com", "db.tt"),
        new("WeTransfer", FileSharing, High, 0.9, "wetransfer.com", "we.tl"),
        new("Box", FileSharing, Medium, 0.88, "box.com", "boxcloud.com"),
        new("MEGA", FileSharing, High, 0.9, "mega.nz", "mega.io", "mega.co.nz"),
        new("OneDrive", FileSharing, Medium, 0.88, "onedrive.live.com", "1drv.ms"),
        new("MediaFire", FileSharing, High, 0.88, "mediafire.com"),
        new("Pastebin", FileSharing, High, 0.88, "pastebin.com"),
        // Webmail.
        new("Gmail", Webmail, Medium, 0.92, "mail.google.com"),
        new("Outlook.com", Webmail, Medium, 0.9, "outlook.live.com", "hotmail.com"),
        new("Yahoo Mail", Webmail, Medium, 0.9, "mail.yahoo.com"),
        new("Proton Mail", Webmail, Medium, 0.9, "proton.me", "protonmail.com"),
        // Social.
        new("Facebook", Social, Low, 0.92, "facebook.com", "fb.com", "messenger.com"),
        new("X (Twitter)", Social, Low, 0.92, "twitter.com", "x.com", "t.co"),
        new("LinkedIn", Social, Low, 0.92, "linkedin.com"),
        new("Instagram", Social, Low, 0.92, "instagram.com"),
        new("TikTok", Social, Medium, 0.9, "tiktok.com", "tiktokv.com"),
        new("Reddit", Social, Low, 0.9, "reddit.com"),
        // Collaboration.
        new("Slack", Collaboration, Low, 0.92, "slack.com", "slack-edge.com"),
        new("Microsoft Teams", Collaboration, Low, 0.92, "teams.microsoft.com", "teams.live.com"),
        new("Zoom", Collaboration, Low, 0.92, "zoom.us"),
        new("Notion", Collaboration, Medium, 0.9, "notion.so", "notion.com"),
        new("Atlassian", Collaboration, Low, 0.9, "atlassian.net", "atlassian.com", "trello.com"),
        new("Google Docs", Collaboration, Medium, 0.88, "docs.google.com"),
        new("Miro", Collaboration, Low, 0.88, "miro.com"),
        // Developer.
        new("GitHub", Developer, Low, 0.92, "github.com", "githubusercontent.com"),
        new("GitLab", Developer, Low, 0.92, "gitlab.com"),
        new("npm", Developer, Low, 0.92, "npmjs.com", "npmjs.org"),
        new("PyPI", Developer, Low, 0.92, "pypi.org", "pythonhosted.org"),
        new("NuGet", Developer, Low, 0.92, "nuget.org"),
        new("Docker Hub", Developer, Low, 0.9, "docker.io", "docker.com"),
        new("Stack Overflow", Developer, Low, 0.9, "stackoverflow.com"),
        // Business applications.
        new("Salesforce", BusinessApp, Low, 0.92, "salesforce.com", "force.com"),
        new("Workday", BusinessApp, Low, 0.92, "workday.com", "myworkday.com"),
        new("ServiceNow", BusinessApp, Low, 0.9, "service-now.com", "servicenow.com"),
        new("SAP", BusinessApp, Low, 0.9, "sap.com", "ondemand.com"),
        new("HubSpot", BusinessApp, Low, 0.9, "hubspot.com"),
        new("Zendesk", BusinessApp, Low, 0.9, "zendesk.com"),
        new("DocuSign", BusinessApp, Low, 0.9, "docusign.com", "docusign.net"),
        // Advertising, analytics, CDNs.
        new("Google Ads", Advertising, Low, 0.92, "doubleclick.net", "googlesyndication.com", "googleadservices.com"),
        new("Ad network", Advertising, Low, 0.85, "adnxs.com", "criteo.com", "taboola.com", "outbrain.com"),
        new("Google Analytics", Analytics, Low, 0.92, "google-analytics.com", "googletagmanager.com"),
        new("Segment", Analytics, Low, 0.9, "segment.io", "segment.com"),
        new("Product analytics", Analytics, Low, 0.88, "mixpanel.com", "amplitude.com", "hotjar.com"),
        new("Amazon CloudFront", Cdn, Low, 0.9, "cloudfront.net"),
        new("Akamai", Cdn, Low, 0.9, "akamai.net", "akamaihd.net", "akamaized.net", "edgekey.net"),
        new("Fastly", Cdn, Low, 0.9, "fastly.net", "fastlylb.net"),
        new("Public CDN", Cdn, Low, 0.88, "jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "gstatic.com", "fbcdn.net"),
    ];

    /// <summary>Dynamic-DNS and tunnelling providers: free, anonymous, favoured for command and control.</summary>
    public static readonly IReadOnlyList<string> DynamicDns =
        ["duckdns.org", "no-ip.com", "no-ip.org", "ddns.net", "dyndns.org", "hopto.org", "zapto.org", "ngrok.io", "ngrok-free.app", "serveo.net"];

    /// <summary>TLDs that abuse reports rank far above average.</summary>
    public static readonly IReadOnlyList<string> SuspiciousTlds =
        [".xyz", ".top", ".tk", ".ml", ".ga", ".cf", ".gq", ".zip", ".mov", ".click", ".country", ".kim", ".work", ".su"];

    /// <summary>Names that only make sense inside an organisation's network.</summary>
    public static readonly IReadOnlyList<string> InternalSuffixes =
        [".internal", ".local", ".corp", ".lan", ".intranet", ".home.arpa", ".localdomain"];
}
