namespace Aimo.Admin.Components.Pages.Review;

public static class ReviewSummary
{
    public static string Done(ReviewActionKind kind, int count)
    {
        var (items, them) = count == 1 ? ("1 item", "it") : ($"{count} items", "them");
        return kind switch
        {
            ReviewActionKind.Requeue => $"Requeued {items}: the worker will classify {them} again.",
            ReviewActionKind.Resolve => $"Resolved {items} with your classification.",
            _ => $"Dismissed {items}.",
        };
    }
}
