using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Aimo.Admin.Account;

/// <summary>
/// An interactive page keeps the user it started with for as long as its circuit lives, without another HTTP request:
/// so the circuit checks the sign-in again every minute, as the cookie is checked on every request. A session signed
/// out (from a copy of the cookie too), past its lifetime, or of a removed operator then lands on the sign-in page.
/// </summary>
public sealed class OperatorCircuitRevalidation(
    ILoggerFactory loggers, OperatorDirectory operators, OperatorSessions sessions) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    // A Redis failure throws, and the base class then signs the circuit out: closed, as for requests.
    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        authenticationState.User is { Identity.IsAuthenticated: true } user && operators.IsCurrent(user) && await sessions.IsActiveAsync(user);
}
