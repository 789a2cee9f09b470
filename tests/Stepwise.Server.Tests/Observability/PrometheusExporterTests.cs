using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Core.Telemetry;
using Stepwise.Server.Observability.Metrics;

namespace Stepwise.Server.Tests.Observability;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void WriteTo_CounterGaugeHistogram_TextFormatWithEscapedLabelsAndCumulativeBuckets()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter(factory);
        var meter = factory.Create(StepwiseTelemetry.Name);
        var counter = meter.CreateCounter<long>("things_total", description: "Things.\nCounted.");
        var histogram = meter.CreateHistogram(
            "wait_seconds", "s", "Waits.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        meter.CreateObservableGauge("level", () => 7, description: "Level.");

        counter.Add(2, new KeyValuePair<string, object?>("name", "a \"quoted\" \\ value\nnext"));
        counter.Add(3, new KeyValuePair<string, object?>("name", "a \"quoted\" \\ value\nnext"));
        histogram.Record(0.05);
        histogram.Record(0.5);
        histogram.Record(5);
        using var writer = new StringWriter();
        exporter.WriteTo(writer);
        var text = writer.ToString();

        Assert.Contains("# HELP things_total Things.\\nCounted.\n# TYPE things_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("things_total{name=\"a \\\"quoted\\\" \\\\ value\\nnext\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("level 7\n", text, StringComparison.Ordinal);
        Assert.Contains(
            "wait_seconds_bucket{le=\"0.1\"} 1\nwait_seconds_bucket{le=\"1\"} 2\nwait_seconds_bucket{le=\"+Inf\"} 3\n" +
            "wait_seconds_sum 5.55\nwait_seconds_count 3\n",
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void WriteTo_SameTagsInAnotherOrderOrBoxedAgain_OneSeries()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter(factory);
        var counter = factory.Create(StepwiseTelemetry.Name).CreateCounter<long>("calls_total");
        KeyValuePair<string, object?> workflow = new("workflow", "greet");
        KeyValuePair<string, object?> code = new("code", 200);

        counter.Add(1, workflow, code);
        counter.Add(2, code, workflow);
        counter.Add(4, new KeyValuePair<string, object?>("workflow", "gre" + "et".ToString()), new KeyValuePair<string, object?>("code", 200));
        counter.Add(8, workflow, new KeyValuePair<string, object?>("code", 500));
        using var writer = new StringWriter();
        exporter.WriteTo(writer);
        var text = writer.ToString();

        Assert.Contains("calls_total{code=\"200\",workflow=\"greet\"} 7\n", text, StringComparison.Ordinal);
        Assert.Contains("calls_total{code=\"500\",workflow=\"greet\"} 8\n", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split('\n').Count(line => line.StartsWith("calls_total{", StringComparison.Ordinal)));
    }

    [Fact]
    public void WriteTo_OtherMetersAndOtherHosts_NotIncluded()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var exporter = new PrometheusExporter(services.GetRequiredService<IMeterFactory>());
        otherServices.GetRequiredService<IMeterFactory>().Create(StepwiseTelemetry.Name)
            .CreateCounter<long>("other_host_total").Add(1);
        services.GetRequiredService<IMeterFactory>().Create("NotStepwise").CreateCounter<long>("foreign_total").Add(1);

        using var writer = new StringWriter();
        exporter.WriteTo(writer);

        Assert.DoesNotContain("other_host_total", writer.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("foreign_total", writer.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http.server.duration", "http_server_duration")]
    [InlineData("9lives", "_9lives")]
    [InlineData("ok_name:sub", "ok_name:sub")]
    public void MetricName_Invalid_Sanitized(string name, string expected) =>
        Assert.Equal(expected, PrometheusText.MetricName(name));
}
