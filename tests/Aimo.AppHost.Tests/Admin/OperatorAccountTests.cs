using Aimo.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Aimo.AppHost.Tests.Admin;

/// <summary>Several operators, each signed in under their own name; a changed password revokes that operator's cookies.</summary>
[Collection(StackCollection.Name)]
public sealed class OperatorAccountTests(StackFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private AimoStack Stack => fixture.Stack;

    public Task InitializeAsync() => AdminHttp.ClearSignInThrottleAsync(Stack);

    public Task DisposeAsync() => AdminHttp.ClearSignInThrottleAsync(Stack);

    [Fact]
    public async Task Two_operators_sign_in_under_their_own_names_and_neither_with_the_others_password()
    {
        using var alice = AdminHttp.NewClient(Stack);
        using var bob = AdminHttp.NewClient(Stack);
        await AdminHttp.SignInAsync(alice, AimoStack.Alice);
        await AdminHttp.SignInAsync(bob, AimoStack.Bob);

        Assert.Equal(AimoStack.Alice.Name, await AdminHttp.SignedInUserAsync(alice));
        Assert.Equal(AimoStack.Bob.Name, await AdminHttp.SignedInUserAsync(bob));

        using var crossed = AdminHttp.NewClient(Stack);
        using var refused = await AdminHttp.PostSignInAsync(crossed, AimoStack.Alice.Name, AimoStack.Bob.Password);
        Assert.Contains("error=1", refused.Headers.Location?.OriginalString);
        Assert.Null(await AdminHttp.SignedInUserAsync(crossed));
        // User names are not case-sensitive; the cookie carries the configured spelling.
        using var upper = AdminHttp.NewClient(Stack);
        await AdminHttp.SignInAsync(upper, AimoStack.Alice with { Name = "ALICE" });
        Assert.Equal(AimoStack.Alice.Name, await AdminHttp.SignedInUserAsync(upper));
    }

    [Fact]
    public async Task A_new_password_hash_revokes_that_operators_existing_sign_ins_and_only_theirs()
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var alice = AdminHttp.NewClient(Stack);
        using var bob = AdminHttp.NewClient(Stack);
        await AdminHttp.SignInAsync(alice, AimoStack.Alice);
        await AdminHttp.SignInAsync(bob, AimoStack.Bob);
        Assert.Equal(AimoStack.Alice.Name, await AdminHttp.SignedInUserAsync(alice));

        // What an operator does to change alice's password: a new hash in admin-operators, and the admin restarted
        // with it (a new revision in Container Apps). Bob's entry is unchanged, hash and all.
        var newAlice = new OperatorLogin(AimoStack.Alice.Name, "alice-new-password");
        var admin = Stack.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == ResourceNames.Admin);
        var changed = new EnvironmentCallbackAnnotation(context =>
            context.EnvironmentVariables["Admin__Operators"] = OperatorLogin.Entries(newAlice, AimoStack.Bob));
        admin.Annotations.Add(changed);
        try
        {
            await RestartAdminAsync(cts.Token);

            // The 12-hour sliding cookie signed with the shared key ring no longer gets alice in; bob's still does.
            Assert.Null(await AdminHttp.SignedInUserAsync(alice));
            Assert.Equal(AimoStack.Bob.Name, await AdminHttp.SignedInUserAsync(bob));

            using var oldPassword = AdminHttp.NewClient(Stack);
            using var refused = await AdminHttp.PostSignInAsync(oldPassword, AimoStack.Alice.Name, AimoStack.Alice.Password);
            Assert.Contains("error=1", refused.Headers.Location?.OriginalString);
            await AdminHttp.SignInAsync(alice, newAlice);
            Assert.Equal(AimoStack.Alice.Name, await AdminHttp.SignedInUserAsync(alice));
        }
        finally
        {
            // Shared stack: the next tests sign in with alice's usual password.
            admin.Annotations.Remove(changed);
            await RestartAdminAsync(cts.Token);
        }
    }

    private async Task RestartAdminAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Stack.KillAsync(ResourceNames.Admin, cancellationToken);
        }
        finally
        {
            await Stack.StartAgainAsync(ResourceNames.Admin, cancellationToken);
        }
    }
}
