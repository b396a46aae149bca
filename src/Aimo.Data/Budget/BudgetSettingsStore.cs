using Aimo.Core.Budget;
using Aimo.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Aimo.Data.Budget;

/// <summary>Reads the operator's budget settings (the <c>settings</c> row, or the defaults before anyone saved one).</summary>
public sealed class BudgetSettingsStore(IDbContextFactory<AimoDbContext> contexts)
{
    public async Task<BudgetSettings> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        return row?.ToBudgetSettings() ?? BudgetSettings.Default;
    }
}
