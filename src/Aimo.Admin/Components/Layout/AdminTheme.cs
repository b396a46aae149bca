using MudBlazor;

namespace Aimo.Admin.Components.Layout;

internal static class AdminTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#3949ab", AppbarBackground = "#283593", Background = "#f5f6fa" },
        PaletteDark = new PaletteDark { Primary = "#7986cb", AppbarBackground = "#1a1a27" },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
    };
}
