using System.ComponentModel.DataAnnotations;
using Aimo.Core.Signatures;

namespace Aimo.Core.Tests;

public class OptionsValidationTests
{
    private static bool IsValid(object options) =>
        Validator.TryValidateObject(options, new(options), [], validateAllProperties: true);

    [Fact]
    public void Defaults_are_valid_and_bad_values_are_not() =>
        Assert.Multiple(
            () => Assert.True(IsValid(new SignatureFormatOptions())),
            () => Assert.False(IsValid(new SignatureFormatOptions { MaxChars = 100 })));

    [Fact]
    public void The_default_per_signature_maximum_leaves_room_for_a_batch_of_one_over_8000() =>
        Assert.True(SignatureFormatOptions.DefaultMaxChars > 8_000);
}
