using Aimo.Admin.Account;
using Aimo.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Aimo.Admin.Tests.Account;

/// <summary>A sign-in's two clocks, on a fake clock: the sliding idle timeout and the absolute lifetime.</summary>
public sealed class SessionLifetimeTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private WebApplicationFactory<OperatorDirectory> Admin() => InMemoryAdmin.Create(redis, new Dictionary<string, string>
    {
        ["Admin:Session:IdleTimeout"] = "01:00:00",
        ["Admin:Session:AbsoluteLifetime"] = "04:00:00",
    }, services => services.AddSingleton<TimeProvider>(_clock));

    [Fact]
    public async Task A_session_kept_active_is_refused_once_it_is_older_than_the_absolute_lifetime()
    {
        await using var admin = Admin();
        using var client = admin.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var signedIn = await InMemoryAdmin.PostSignInAsync(client, InMemoryAdmin.Alice.Name, InMemoryAdmin.Alice.Password);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);

        // A request every 50 minutes keeps the one-hour idle timeout at bay for the first four hours...
        for (var step = 1; step <= 4; step++)
        {
            _clock.Advance(TimeSpan.FromMinutes(50));
            Assert.Equal($"alice|{OperatorClaims.Password}", await InMemoryAdmin.WhoAmIAsync(client));
        }

        // ...and not past them: at 4 h 10 min the session is over, however busy.
        _clock.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal("", await InMemoryAdmin.WhoAmIAsync(client));
    }

    [Fact]
    public async Task A_session_left_idle_for_longer_than_the_idle_timeout_is_refused()
    {
        await using var admin = Admin();
        using var client = admin.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var signedIn = await InMemoryAdmin.PostSignInAsync(client, InMemoryAdmin.Alice.Name, InMemoryAdmin.Alice.Password);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);

        _clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal("", await InMemoryAdmin.WhoAmIAsync(client));
    }

    [Fact]
    public void An_idle_timeout_longer_than_the_absolute_lifetime_stops_the_admin_at_start()
    {
        var result = new DataAnnotationValidateOptions<AdminSessionOptions>(null)
            .Validate(null, new AdminSessionOptions { IdleTimeout = TimeSpan.FromHours(13), AbsoluteLifetime = TimeSpan.FromHours(12) });

        Assert.Contains("IdleTimeout (13:00:00) is longer than Admin:Session:AbsoluteLifetime (12:00:00)", result.FailureMessage);
    }
}
