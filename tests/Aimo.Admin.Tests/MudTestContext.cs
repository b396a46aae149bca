using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Aimo.Admin.Tests;

/// <summary>bUnit with MudBlazor: loose JS interop, Mud services, an interactive renderer. MudBlazor's services are async-disposable only.</summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Renderer.SetRendererInfo(new RendererInfo("Server", true));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
