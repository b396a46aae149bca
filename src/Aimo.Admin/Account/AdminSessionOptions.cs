using System.ComponentModel.DataAnnotations;

namespace Aimo.Admin.Account;

/// <summary>
/// How long a sign-in lasts, bound from <c>Admin:Session</c>: it ends after <see cref="IdleTimeout"/> without a request
/// (sliding), and <see cref="AbsoluteLifetime"/> after sign-in however busy it is — so a stolen cookie kept warm by
/// its thief dies too.
/// </summary>
public sealed class AdminSessionOptions : IValidatableObject
{
    public const string SectionName = "Admin:Session";

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IdleTimeout > AbsoluteLifetime)
        {
            yield return new ValidationResult(
                $"Admin:Session:IdleTimeout ({IdleTimeout}) is longer than Admin:Session:AbsoluteLifetime ({AbsoluteLifetime}).",
                [nameof(IdleTimeout), nameof(AbsoluteLifetime)]);
        }
    }
}
