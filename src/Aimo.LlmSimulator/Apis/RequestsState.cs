using Aimo.LlmSimulator.Billing;

namespace Aimo.LlmSimulator.Apis;

/// <summary>The body of <c>GET /sim/requests</c>.</summary>
public sealed record RequestsState(IReadOnlyList<CallView> Requests);
