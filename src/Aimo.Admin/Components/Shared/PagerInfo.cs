namespace Aimo.Admin.Components.Shared;

/// <summary>
/// The pager's "1-25 of N" text. A grid counts at most <see cref="Aimo.Data.Queries.Dashboard.CappedCount.Cap"/> rows;
/// when more match it says so instead of showing the cap as if it were the total.
/// </summary>
public static class PagerInfo
{
    public static string Format(bool more) => more ? "{first_item}-{last_item} of more than {all_items}" : "{first_item}-{last_item} of {all_items}";
}
