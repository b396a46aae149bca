using System.ComponentModel.DataAnnotations;

namespace Aimo.Admin.Account;

/// <summary>The single operator account, bound from <c>Admin</c> (the AppHost sets <c>Admin__Password</c>).</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    [Required(AllowEmptyStrings = false)]
    public string Username { get; set; } = "admin";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Admin:Password is not set; the AppHost passes its admin-password parameter as Admin__Password.")]
    public string Password { get; set; } = "";
}
