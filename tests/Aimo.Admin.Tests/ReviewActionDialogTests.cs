using Aimo.Admin.Components.Pages.Review;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Aimo.Admin.Tests;

public sealed class ReviewActionDialogTests : MudTestContext
{
    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Reference)> ShowAsync(ReviewActionKind kind, int count)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<ReviewActionDialog> { { d => d.Kind, kind }, { d => d.Count, count } };
        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<ReviewActionDialog>(null, parameters));
        return (provider, reference);
    }

    [Fact]
    public async Task Confirming_a_bulk_requeue_returns_the_decision()
    {
        var (provider, reference) = await ShowAsync(ReviewActionKind.Requeue, 3);

        Assert.Contains("Requeue 3 review items", provider.Markup);
        Assert.Contains("Send these 3 items back to the queue", provider.Find("[data-testid=review-dialog-text]").TextContent);
        await provider.Find("[data-testid=review-dialog-confirm]").ClickAsync(new());

        var result = await reference.Result;
        Assert.False(result!.Canceled);
        Assert.Equal(new ReviewDecision(ReviewActionKind.Requeue), result.Data);
    }

    [Fact]
    public async Task Cancel_changes_nothing()
    {
        var (provider, reference) = await ShowAsync(ReviewActionKind.Dismiss, 1);
        Assert.Contains("Close this item without a classification", provider.Markup);
        await provider.Find("[data-testid=review-dialog-cancel]").ClickAsync(new());
        Assert.True((await reference.Result)!.Canceled);
    }

    [Fact]
    public async Task A_resolution_cannot_be_confirmed_without_category_and_risk()
    {
        var (provider, reference) = await ShowAsync(ReviewActionKind.Resolve, 1);

        var confirm = provider.Find("[data-testid=review-dialog-confirm]");
        Assert.True(confirm.HasAttribute("disabled"));
        Assert.NotNull(provider.Find("[data-testid=resolve-category]"));
        Assert.NotNull(provider.Find("[data-testid=resolve-risk]"));
        Assert.False(reference.Result.IsCompleted);
    }
}
