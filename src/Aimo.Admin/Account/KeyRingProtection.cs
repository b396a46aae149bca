using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Aimo.Admin.Account;

/// <summary>
/// The certificate that encrypts the data-protection key ring before it goes to Redis (section <c>Admin:KeyRing</c>):
/// whoever reads Redis or its append-only file must not be able to forge sign-in cookies.
/// </summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "Admin:KeyRing";

    /// <summary>A PKCS#12 (.pfx) with its private key, base64: the AppHost's <c>admin-keyring-certificate</c> parameter.</summary>
    public string? Certificate { get; set; }

    /// <summary>Or the .pfx file's path (the AppHost generates one in its state folder for local runs).</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public X509Certificate2? Load()
    {
        byte[]? pfx = !string.IsNullOrWhiteSpace(Certificate) ? Convert.FromBase64String(Certificate.Trim())
            : !string.IsNullOrWhiteSpace(CertificatePath) ? File.ReadAllBytes(CertificatePath)
            : null;
        return pfx is null ? null : X509CertificateLoader.LoadPkcs12(pfx, CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
    }
}

internal static class KeyRingProtection
{
    /// <summary>
    /// Encrypts new keys with the configured certificate (and decrypts with it). Outside Development a missing certificate
    /// stops the admin at start; in Development without one (the admin run on its own, not by the AppHost) keys stay in
    /// clear, as ASP.NET Core leaves them by default.
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder dataProtection, IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(KeyRingOptions.SectionName).Get<KeyRingOptions>() ?? new KeyRingOptions();
        X509Certificate2? certificate;
        try
        {
            certificate = options.Load();
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"{KeyRingOptions.SectionName}: the key ring certificate cannot be loaded: {ex.Message}", ex);
        }
        if (certificate is null)
        {
            return builder.Environment.IsDevelopment() ? dataProtection : throw new InvalidOperationException(
                $"{KeyRingOptions.SectionName}:Certificate is required outside Development: without it the data-protection keys " +
                "(which sign the operators' cookies) would be stored in Redis in clear. Set the AppHost's admin-keyring-certificate " +
                "parameter to a base64 .pfx (scripts/keyring-certificate.sh prints one).");
        }
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{KeyRingOptions.SectionName}: the key ring certificate has no private key.");
        }
        return dataProtection.ProtectKeysWithCertificate(certificate);
    }
}
