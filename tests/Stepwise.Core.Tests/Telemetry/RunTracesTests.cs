using System.Diagnostics;
using Stepwise.Core.Telemetry;

namespace Stepwise.Core.Tests.Telemetry;

/// <summary>Run and step spans: tagged when a listener records them, bare when one only propagates their ids.</summary>
public sealed class RunTracesTests
{
    [Fact]
    public void StartStep_ListenerRecordsSpans_TagsAndStatusAreSet()
    {
        using var listener = Listen(ActivitySamplingResult.AllDataAndRecorded);

        using var step = RunTraces.StartStep("run-1", "shape", "transform", 2);
        RunTraces.EndStep(step, "failed", "no");

        Assert.NotNull(step);
        Assert.Equal("run-1", step.GetTagItem("stepwise.execution_id"));
        Assert.Equal(2, step.GetTagItem("stepwise.attempt"));
        Assert.Equal("failed", step.GetTagItem("stepwise.status"));
        Assert.Equal(ActivityStatusCode.Error, step.Status);
    }

    [Fact]
    public void StartStep_ListenerOnlyPropagatesIds_SpanHasIdsAndNoTags()
    {
        using var listener = Listen(ActivitySamplingResult.PropagationData);

        using var step = RunTraces.StartStep("run-1", "shape", "transform", 1);
        RunTraces.EndStep(step, "succeeded", null);

        Assert.NotNull(step);
        Assert.NotEqual(default, step.TraceId);
        Assert.Empty(step.TagObjects);
        Assert.Equal(ActivityStatusCode.Unset, step.Status);
    }

    [Fact]
    public void StartRun_TwoRunsOfAWorkflow_SpansNamedAfterIt()
    {
        using var listener = Listen(ActivitySamplingResult.AllDataAndRecorded);

        using var first = RunTraces.StartRun("run-1", "greet", 1);
        using var second = RunTraces.StartRun("run-2", "greet", 1);
        using var other = RunTraces.StartRun("run-3", "chain10", 2);

        Assert.Equal(["run greet", "run greet", "run chain10"], [first!.DisplayName, second!.DisplayName, other!.DisplayName]);
        Assert.Equal("run-2", second.GetTagItem("stepwise.execution_id"));
    }

    [Fact]
    public void StartStep_InMemoryStepUnderUnrecordedRun_NoSpan()
    {
        using var listener = Listen(ActivitySamplingResult.PropagationData);
        using var run = RunTraces.StartRun("run-1", "chain", 1);

        using var step = RunTraces.StartStep("run-1", "shape", "transform", 1, callsOut: false);

        Assert.NotNull(run);
        Assert.Null(step);
        Assert.Same(run, Activity.Current);
    }

    [Fact]
    public void StartStep_InMemoryStepUnderRecordedRun_SpanIsRecorded()
    {
        using var listener = Listen(ActivitySamplingResult.AllDataAndRecorded);
        using var run = RunTraces.StartRun("run-1", "chain", 1);

        using var step = RunTraces.StartStep("run-1", "shape", "transform", 1, callsOut: false);

        Assert.NotNull(step);
        Assert.Equal(run!.SpanId, step.ParentSpanId);
        Assert.Equal("shape", step.GetTagItem("stepwise.step_id"));
    }

    [Fact]
    public void StartStep_StepThatCallsOutUnderUnrecordedRun_SpanCarriesIds()
    {
        using var listener = Listen(ActivitySamplingResult.PropagationData);
        using var run = RunTraces.StartRun("run-1", "chain", 1);

        using var step = RunTraces.StartStep("run-1", "fetch", "http", 1);

        Assert.NotNull(step);
        Assert.Equal(run!.TraceId, step.TraceId);
        Assert.Equal(run.SpanId, step.ParentSpanId);
    }

    private static ActivityListener Listen(ActivitySamplingResult sampling)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StepwiseTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => sampling,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
