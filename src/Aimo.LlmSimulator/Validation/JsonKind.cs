namespace Aimo.LlmSimulator.Validation;

/// <summary>The JSON type names the real API uses in "expected X, but got Y" messages.</summary>
public enum JsonKind
{
    String,
    Integer,
    Decimal,
    Boolean,
    Object,
    Array,
}
