namespace Aimo.LlmSimulator.Batches;

/// <summary>
/// One job, advanced lazily: each read computes the state from the time elapsed since creation, so a job moves
/// through <c>validating → in_progress → finalizing → completed</c> (or <c>failed</c>, <c>expired</c>,
/// <c>cancelling → cancelled</c>) without a timer, and a test with a fake clock sees it move exactly when it advances
/// the clock. Lines are answered as <c>in_progress</c> goes by (a share proportional to its elapsed time), so an
/// expired or cancelled job has partial output; the output and error files are written when the job ends.
/// </summary>
public sealed class BatchJob(string id, long seq, DateTimeOffset createdAt, BatchPlan plan)
{
    private readonly Lock _gate = new();
    private readonly List<BatchLineResult> _answered = [];
    private string _status = "validating";
    private DateTimeOffset? _inProgressAt, _finalizingAt, _completedAt, _failedAt, _expiredAt, _cancellingAt, _cancelledAt;
    private string? _outputFileId, _errorFileId;
    private bool _ended;

    public string Id { get; } = id;

    /// <summary>Creation order, for listing newest first when several jobs share a second.</summary>
    public long Seq { get; } = seq;

    public BatchObject View(DateTimeOffset now, BatchLineAnswerer answerer, FileStore files)
    {
        lock (_gate)
        {
            Advance(now, answerer, files);
            return Describe();
        }
    }

    /// <summary>Starts cancelling; false when the job has already ended (a finished job cannot be cancelled).</summary>
    public bool TryCancel(DateTimeOffset now, BatchLineAnswerer answerer, FileStore files, out BatchObject view)
    {
        lock (_gate)
        {
            Advance(now, answerer, files);
            var cancellable = !_ended;
            if (cancellable && _cancellingAt is null)
            {
                (_status, _cancellingAt) = ("cancelling", now);
            }
            view = Describe();
            return cancellable;
        }
    }

    private void Advance(DateTimeOffset now, BatchLineAnswerer answerer, FileStore files)
    {
        if (_ended) return;
        var period = plan.Period;
        if (_cancellingAt is { } cancelling)
        {
            if (now >= cancelling + period) End("cancelled", cancelling + period, BatchLineError.Cancelled, files);
            return;
        }
        var validated = createdAt + period;
        if (now < validated) return;
        if (plan.Errors.Count > 0 || plan.Fault?.Outcome == BatchFaultOutcome.Failed)
        {
            (_status, _failedAt, _ended) = ("failed", validated, true);
            return;
        }
        (_status, _inProgressAt) = ("in_progress", validated);

        var finishing = validated + period;
        var target = now >= finishing ? plan.Lines.Count : (int)(plan.Lines.Count * ((now - validated) / period));
        if (plan.Fault?.Outcome == BatchFaultOutcome.Expired) target = Math.Min(target, plan.AnsweredBeforeExpiry);
        while (_answered.Count < target)
        {
            var index = _answered.Count;
            _answered.Add(answerer.Answer(plan.Lines[index], plan.ApiKey, plan.InjectsError(index)));
        }
        if (now < finishing) return;

        if (plan.Fault?.Outcome == BatchFaultOutcome.Expired)
        {
            End("expired", finishing, BatchLineError.Expired, files);
            return;
        }
        (_status, _finalizingAt) = ("finalizing", finishing);
        if (now >= finishing + period) End("completed", finishing + period, null, files);
    }

    /// <param name="notExecuted">What the lines never answered are told in the error file (an expired or cancelled job).</param>
    private void End(string status, DateTimeOffset at, BatchLineError? notExecuted, FileStore files)
    {
        var unanswered = _inProgressAt is null ? [] : plan.Lines.Skip(_answered.Count).ToList();
        // Newest answer first: the real API does not keep the input's order, and a client must match lines by custom_id.
        var output = _answered.Where(r => r.Succeeded).Reverse().Select(BatchOutputLine.Answered).ToList();
        var errors = _answered.Where(r => !r.Succeeded).Reverse().Select(BatchOutputLine.Answered)
            .Concat(notExecuted is null ? [] : unanswered.Select(line => BatchOutputLine.NotExecuted(line, notExecuted)))
            .ToList();
        _outputFileId = output.Count > 0 ? files.Add($"{Id}_output.jsonl", "batch_output", BatchFiles.Jsonl(output)).Id : null;
        _errorFileId = errors.Count > 0 ? files.Add($"{Id}_error.jsonl", "batch_output", BatchFiles.Jsonl(errors)).Id : null;
        _status = status;
        _ended = true;
        switch (status)
        {
            case "completed": _completedAt = at; break;
            case "expired": _expiredAt = at; break;
            default: _cancelledAt = at; break;
        }
    }

    private BatchObject Describe()
    {
        // A job cancelled before it validated never counted its lines.
        var total = _inProgressAt is not null ? plan.Lines.Count : 0;
        var completed = _answered.Count(r => r.Succeeded);
        var failed = _answered.Count - completed + (_ended && _failedAt is null ? total - _answered.Count : 0);
        return new BatchObject(
            Id, "batch", plan.Endpoint, plan.Model,
            _failedAt is null ? null : Errors(),
            plan.InputFileId, plan.CompletionWindow, _status, _outputFileId, _errorFileId,
            createdAt.ToUnixTimeSeconds(), Unix(_inProgressAt), (createdAt + TimeSpan.FromHours(24)).ToUnixTimeSeconds(), Unix(_finalizingAt), Unix(_completedAt),
            Unix(_failedAt), Unix(_expiredAt), Unix(_cancellingAt), Unix(_cancelledAt),
            new BatchRequestCounts(total, completed, failed), BatchUsage.Of(_answered), plan.Metadata);
    }

    private BatchErrorList Errors() =>
        new("list", plan.Errors.Count > 0 ? plan.Errors : [BatchErrors.TokenLimitExceeded(plan.Model ?? "the model")]);

    private static long? Unix(DateTimeOffset? at) => at?.ToUnixTimeSeconds();
}
