using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Aimo.Data.Admin;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aimo.Admin.Account;

/// <summary>
/// Server-side sessions in Redis. A sign-in cookie names its session; the cookie lets its holder in only while the
/// session exists (sign-out deletes it, so a copied cookie dies with it) and while the session is younger than its
/// absolute lifetime (checked here against the session's start in the cookie, on the app's clock).
/// </summary>
public sealed class OperatorSessions(IConnectionMultiplexer redis, IOptions<AdminSessionOptions> options, TimeProvider clock)
{
    /// <summary>Starts a session for a signing-in operator and names it in <paramref name="identity"/>'s claims.</summary>
    public async Task StartAsync(ClaimsIdentity identity)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var since = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        // The key outlives no session: it expires with the absolute lifetime at the latest.
        await redis.GetDatabase().StringSetAsync(AdminKeys.Session(id), identity.Name ?? "", options.Value.AbsoluteLifetime);
        identity.AddClaim(new Claim(OperatorClaims.Session, id));
        identity.AddClaim(new Claim(OperatorClaims.SessionStart, since));
    }

    /// <summary>Whether <paramref name="user"/>'s session was started, has not ended, and is within its absolute lifetime.</summary>
    /// <exception cref="RedisException">Redis is unavailable; callers refuse the cookie (fail closed).</exception>
    public async Task<bool> IsActiveAsync(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(OperatorClaims.Session) is not { } id
            || !long.TryParse(user.FindFirstValue(OperatorClaims.SessionStart), NumberStyles.None, CultureInfo.InvariantCulture, out var since)
            || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(since) >= options.Value.AbsoluteLifetime)
        {
            return false;
        }
        return await redis.GetDatabase().KeyExistsAsync(AdminKeys.Session(id));
    }

    /// <summary>Ends <paramref name="user"/>'s session: every copy of its cookie stops working.</summary>
    public async Task EndAsync(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(OperatorClaims.Session) is { } id)
        {
            await redis.GetDatabase().KeyDeleteAsync(AdminKeys.Session(id));
        }
    }
}
