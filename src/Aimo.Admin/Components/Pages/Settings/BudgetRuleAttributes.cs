using System.ComponentModel.DataAnnotations;
using Aimo.Core.Budget;

namespace Aimo.Admin.Components.Pages.Settings;

/// <summary>The form's check of the daily budget: <see cref="BudgetSettingsRules"/>, the rule the API saves with.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DailyBudgetRuleAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        Result(value is decimal usd ? BudgetSettingsRules.DailyBudgetError(usd) : BudgetSettingsRules.DailyBudgetRange, validationContext);

    internal static ValidationResult? Result(string? error, ValidationContext context) =>
        error is null ? ValidationResult.Success : new ValidationResult(error, context.MemberName is { } member ? [member] : null);
}

/// <summary>The form's check of the soft-limit fraction: <see cref="BudgetSettingsRules"/>, the rule the API saves with.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SoftLimitFractionRuleAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        DailyBudgetRuleAttribute.Result(value is decimal fraction ? BudgetSettingsRules.SoftLimitFractionError(fraction)
            : BudgetSettingsRules.SoftLimitFractionRange, validationContext);
}
