namespace Aimo.Worker.Budget;

/// <summary>Whether tier C may be read or sent now (the intake asks), and what its last batch met (the budget tells).</summary>
public interface ITierCAdmission
{
    Task<bool> IsOpenAsync(CancellationToken cancellationToken);
}
