using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aimo.AppHost.Infrastructure;
using Aimo.Core;

namespace Aimo.AppHost;

internal static class KeyRingCertificate
{
    public const string FileName = "admin-keyring.pfx";

    /// <summary>
    /// The certificate that encrypts the admin's data-protection keys in Redis. Deployed: the <c>admin-keyring-certificate</c>
    /// secret parameter (a base64 .pfx). Run locally: a self-signed one the AppHost makes once in its state folder (0600),
    /// so the key ring stays readable across restarts.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithKeyRingCertificate(this IResourceBuilder<ProjectResource> admin, Func<StateDirectory> state)
    {
        var builder = admin.ApplicationBuilder;
        if (builder.ExecutionContext.IsPublishMode)
        {
            return admin.WithEnvironment("Admin__KeyRing__Certificate", builder.AddParameter(ResourceNames.AdminKeyRingCertificate, secret: true));
        }
        var path = state().SecretFile(FileName, CreateSelfSigned);
        return admin.WithEnvironment("Admin__KeyRing__CertificatePath", path);
    }

    private static byte[] CreateSelfSigned()
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=aimo-admin-keyring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        // Its validity is not checked when it decrypts; a long one spares local users a rotation.
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(50));
        return certificate.Export(X509ContentType.Pkcs12);
    }
}
