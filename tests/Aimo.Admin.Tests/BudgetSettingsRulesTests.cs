using System.ComponentModel.DataAnnotations;
using Aimo.Admin.Components.Pages.Settings;
using Aimo.Core.Budget;
using Aimo.Data.Operations;

namespace Aimo.Admin.Tests;

/// <summary>
/// The budget settings' ranges have one owner: the admin form, the API's save (<see cref="SettingsCommands.Validate"/>)
/// and the core's <see cref="BudgetLimits"/> accept and refuse the same values.
/// </summary>
public sealed class BudgetSettingsRulesTests
{
    // Values a store with 4 decimal places can hold, on both sides of every bound.
    public static TheoryData<decimal> Fractions => [-0.1m, 0m, 0.0001m, 0.5m, 0.9m, 1m, 1.0001m, 2m];
    public static TheoryData<decimal> Budgets => [-0.01m, 0m, 0.0001m, 5m, 999_999.9999m, 1_000_000m, 1_000_000.01m];

    [Theory]
    [MemberData(nameof(Fractions))]
    public void Form_api_and_core_agree_on_a_soft_limit_fraction(decimal fraction)
    {
        var api = !SettingsCommands.Validate(5m, fraction, null).ContainsKey("softLimitFraction");
        var form = FormAccepts(new SettingsModel { DailyBudgetUsd = 5m, SoftLimitFraction = fraction }, nameof(SettingsModel.SoftLimitFraction));
        var core = CoreAccepts(() => BudgetLimits.From(5m, fraction));
        Assert.Equal((api, api), (form, core));
    }

    [Theory]
    [MemberData(nameof(Budgets))]
    public void Form_api_and_core_agree_on_a_daily_budget(decimal usd)
    {
        var api = !SettingsCommands.Validate(usd, 0.9m, null).ContainsKey("dailyBudgetUsd");
        var form = FormAccepts(new SettingsModel { DailyBudgetUsd = usd, SoftLimitFraction = 0.9m }, nameof(SettingsModel.DailyBudgetUsd));
        var core = CoreAccepts(() => BudgetLimits.From(usd, 0.9m));
        Assert.Equal((api, api), (form, core));
    }

    [Fact]
    public void More_decimal_places_than_the_store_keeps_are_refused_by_form_and_api_with_the_same_message()
    {
        var model = new SettingsModel { DailyBudgetUsd = 5.00001m, SoftLimitFraction = 0.12345m };
        var api = SettingsCommands.Validate(model.DailyBudgetUsd, model.SoftLimitFraction, null);
        Assert.Equal(api["softLimitFraction"], Errors(model, nameof(SettingsModel.SoftLimitFraction)));
        Assert.Equal(api["dailyBudgetUsd"], Errors(model, nameof(SettingsModel.DailyBudgetUsd)));
    }

    private static bool FormAccepts(SettingsModel model, string member) => Errors(model, member).Length == 0;

    private static string[] Errors(SettingsModel model, string member)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true);
        return [.. results.Where(r => r.MemberNames.Contains(member)).Select(r => r.ErrorMessage!)];
    }

    private static bool CoreAccepts(Func<BudgetLimits> limits)
    {
        try
        {
            limits();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
