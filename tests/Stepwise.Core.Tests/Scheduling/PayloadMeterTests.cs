using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Core.Scheduling;

namespace Stepwise.Core.Tests.Scheduling;

/// <summary>The meter reuses one writer per thread: each measure must still be the size of that value alone.</summary>
public sealed class PayloadMeterTests
{
    [Fact]
    public void Measure_ValuesOneAfterAnother_EachIsItsOwnUtf8Size()
    {
        JsonNode?[] values =
        [
            new JsonObject { ["count"] = 1 },
            new JsonArray(1, "two", null, new JsonObject { ["deep"] = new JsonArray("<é>") }),
            JsonValue.Create("quote \" and ünïcode"),
            new JsonObject { ["count"] = 1 },
        ];

        foreach (var value in values)
        {
            Assert.Equal(Encoding.UTF8.GetByteCount(value!.ToJsonString()), PayloadMeter.Measure(value));
        }
    }

    [Fact]
    public void Measure_AfterAWriteThatThrew_MeasuresTheNextValueAlone()
    {
        JsonNode tooDeep = new JsonArray();
        for (var i = 0; i < 1100; i++)
        {
            tooDeep = new JsonArray(tooDeep);
        }

        Assert.ThrowsAny<Exception>(() => PayloadMeter.Measure(tooDeep));
        var value = new JsonObject { ["count"] = 10 };

        Assert.Equal(Encoding.UTF8.GetByteCount(value.ToJsonString()), PayloadMeter.Measure(value));
    }
}
