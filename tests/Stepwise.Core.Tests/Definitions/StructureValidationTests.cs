using Stepwise.Core.Definitions;
using static Stepwise.Core.Tests.Definitions.DefinitionTestKit;

namespace Stepwise.Core.Tests.Definitions;

public sealed class StructureValidationTests
{
    [Fact]
    public void Load_Minimal_AppliesDefaults()
    {
        var definition = Valid("name: w\nnodes:\n  - { id: a, type: log, with: { message: hi } }\n");

        Assert.Equal("w", definition.Name);
        Assert.Equal(TimeSpan.FromSeconds(300), definition.Timeout);
        Assert.Equal(8, definition.MaxParallelNodes);
        Assert.Equal(5, definition.Priority);
        Assert.Equal(OnFailure.Stop, definition.OnFailure);
        Assert.Equal(RetryPolicy.None, definition.Nodes[0].Retry);
        Assert.Equal("w.yaml", definition.SourcePath);
        Assert.Empty(definition.Connections);
    }

    [Fact]
    public void Load_EveryTopLevelField_Read()
    {
        var definition = Valid("""
            name: full-flow_2
            description: all fields
            timeout: 2m
            max_parallel_nodes: 3
            priority: 10
            on_failure: compensate
            retention: 7d
            nodes:
              - id: a
                type: log
                with: { message: hi }
                timeout: 500ms
                continue_on_error: true
                retry: { max_attempts: 4, backoff: fixed, delay: 2s, max_delay: 10s, jitter: true }
                compensate: { type: log, with: { message: undo } }
            """);

        Assert.Equal("all fields", definition.Description);
        Assert.Equal(TimeSpan.FromMinutes(2), definition.Timeout);
        Assert.Equal(3, definition.MaxParallelNodes);
        Assert.Equal(10, definition.Priority);
        Assert.Equal(OnFailure.Compensate, definition.OnFailure);
        Assert.Equal(TimeSpan.FromDays(7), definition.Retention);
        var node = definition.Nodes[0];
        Assert.Equal(TimeSpan.FromMilliseconds(500), node.Timeout);
        Assert.True(node.ContinueOnError);
        Assert.Equal(new RetryPolicy(4, BackoffKind.Fixed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), true), node.Retry);
        Assert.Equal("a", node.Compensate!.Id);
        Assert.Equal("log", node.Compensate.Type);
    }

    [Fact]
    public void Load_MissingNodes_Reported() =>
        Assert.Contains("Missing required field: nodes", Errors("name: w\n"));

    [Fact]
    public void Load_MissingName_Reported() =>
        Assert.Contains("Missing required field: name", Errors("nodes:\n  - { id: a, type: log, with: { message: x } }\n"));

    [Fact]
    public void Load_EmptyNodes_Reported() =>
        Assert.Contains("nodes must have at least one node", Errors("name: w\nnodes: []\n"));

    [Fact]
    public void Load_NodesNotAList_Reported() =>
        Assert.Contains("nodes must be a list, got a mapping", Errors("name: w\nnodes: { a: 1 }\n"));

    [Theory]
    [InlineData("", "the document is empty")]
    [InlineData("- a\n- b\n", "a workflow must be a mapping with name and nodes, got a list")]
    [InlineData("just text", "a workflow must be a mapping with name and nodes, got 'just text'")]
    public void Load_NotAMapping_Reported(string text, string message) =>
        Assert.Contains(Errors(text), e => e.StartsWith(message, StringComparison.Ordinal));

    [Fact]
    public void Load_NodeWithoutId_ReportedWithIndex() =>
        Assert.Contains("Node 0: Missing required field: id", Errors("name: w\nnodes:\n  - { type: log, with: { message: x } }\n"));

    [Fact]
    public void Load_NodeWithoutType_Reported() =>
        Assert.Contains("Node 0 (a): Missing required field: type", Errors("name: w\nnodes:\n  - { id: a }\n"));

    [Fact]
    public void Load_NodeNotAMapping_Reported() =>
        Assert.Contains("Node 0 must be a mapping with id and type, got 'a'", Errors("name: w\nnodes: [a]\n"));

    [Fact]
    public void Load_UnknownConnectionSource_Reported()
    {
        var errors = Errors("""
            name: w
            nodes:
              - { id: a, type: log, with: { message: x } }
            connections:
              - { from: x, to: a }
            """);

        Assert.Contains("Connection 0: source node not found: 'x'", errors);
    }

    [Fact]
    public void Load_UnknownConnectionTarget_SuggestsAClosename()
    {
        var errors = Errors("""
            name: w
            nodes:
              - { id: fetch, type: log, with: { message: x } }
              - { id: store, type: log, with: { message: y } }
            connections:
              - { from: fetch, to: stor }
            """);

        Assert.Contains("Connection 0: target node not found: 'stor'; did you mean 'store'?", errors);
    }

    [Fact]
    public void Load_ConnectionMissingEnds_Reported()
    {
        var errors = Errors("name: w\nnodes:\n  - { id: a, type: log, with: { message: x } }\nconnections:\n  - { from: a }\n  - 5\n");

        Assert.Contains("Connection 0: Missing required field: to", errors);
        Assert.Contains("Connection 1 must be a mapping with from and to, got 5", errors);
    }

    [Fact]
    public void Load_DuplicateConnection_IsAWarning()
    {
        var result = Load("""
            name: w
            nodes:
              - { id: a, type: log, with: { message: x } }
              - { id: b, type: log, with: { message: y } }
            connections:
              - { from: a, to: b }
              - { from: a, to: b }
            """);

        Assert.True(result.Succeeded);
        Assert.Equal("Connection 1: duplicate connection a -> b", Assert.Single(result.Warnings).Message);
        Assert.Single(result.Definition!.Connections);
    }

    [Fact]
    public void Load_DuplicateNodeId_Reported() =>
        Assert.Contains(
            "Node 1 (a): duplicate node id 'a'",
            Errors("name: w\nnodes:\n  - { id: a, type: log, with: { message: x } }\n  - { id: a, type: log, with: { message: y } }\n"));

    [Fact]
    public void Load_Cycle_NamesTheLoopFromItsFirstNode()
    {
        var errors = Errors("""
            name: w
            nodes:
              - { id: a, type: log, with: { message: x } }
              - { id: b, type: log, with: { message: y } }
              - { id: c, type: log, with: { message: z } }
            connections:
              - { from: b, to: a }
              - { from: a, to: b }
              - { from: b, to: c }
            """);

        Assert.Contains("cycle in connections: a -> b -> a", errors);
    }

    [Fact]
    public void Load_SelfLoop_IsACycle() =>
        Assert.Contains(
            "cycle in connections: a -> a",
            Errors("name: w\nnodes:\n  - { id: a, type: log, with: { message: x } }\nconnections:\n  - { from: a, to: a }\n"));

    [Fact]
    public void Load_UnknownNodeField_SuggestsTheRightOne()
    {
        var errors = Errors("""
            name: w
            nodes:
              - { id: start, type: log, with: { message: x } }
              - id: fetch
                type: http
                wiht: { url: "http://example.com" }
            """);

        Assert.Contains("Node 1 (fetch): unknown field 'wiht'; did you mean 'with'?", errors);
    }

    [Fact]
    public void Load_UnknownTopLevelField_SuggestsTheRightOne() =>
        Assert.Contains(
            "unknown field 'conections'; did you mean 'connections'?",
            Errors("name: w\nconections: []\nnodes:\n  - { id: a, type: log, with: { message: x } }\n"));

    [Fact]
    public void Load_UnknownFieldFarFromAnyKnown_NoSuggestion() =>
        Assert.Contains(
            "Node 0 (a): unknown field 'banana'",
            Errors("name: w\nnodes:\n  - { id: a, type: log, with: { message: x }, banana: 1 }\n"));

    [Theory]
    [InlineData("timeout: abc", "timeout must be a duration like 30s, got 'abc'")]
    [InlineData("timeout: 30", "timeout must be a duration like 30s, got 30")]
    [InlineData("timeout: 0s", "timeout must be longer than 0s, got '0s'")]
    [InlineData("priority: 11", "priority must be an integer from 0 to 10, got 11")]
    [InlineData("priority: high", "priority must be an integer from 0 to 10, got 'high'")]
    [InlineData("priority: 2.5", "priority must be an integer from 0 to 10, got 2.5")]
    [InlineData("max_parallel_nodes: 0", "max_parallel_nodes must be an integer of at least 1, got 0")]
    [InlineData("retention: 30s", "retention must be from 1m to 3650d, got '30s'")]
    [InlineData("retention: 4000d", "retention must be from 1m to 3650d, got '4000d'")]
    [InlineData("retention: forever", "retention must be a duration like 30s, got 'forever'")]
    [InlineData("on_failure: rollback", "on_failure must be stop or compensate, got 'rollback'")]
    [InlineData("description: [a]", "description must be a string, got a list")]
    [InlineData("params: 5", "params must be a list, got 5")]
    public void Load_BadTopLevelValue_Reported(string line, string message) =>
        Assert.Contains(message, Errors($"name: w\n{line}\nnodes:\n  - {{ id: a, type: log, with: {{ message: x }} }}\n"));

    [Theory]
    [InlineData("My Flow")]
    [InlineData("UPPER")]
    [InlineData("a.b")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Load_BadWorkflowName_Reported(string name) =>
        Assert.Contains(
            $"name must match [a-z0-9_-]{{1,64}}, got '{name}'",
            Errors($"name: \"{name}\"\nnodes:\n  - {{ id: a, type: log, with: {{ message: x }} }}\n"));

    [Theory]
    [InlineData("Fetch")]
    [InlineData("fetch-data")]
    [InlineData("")]
    public void Load_BadNodeId_Reported(string id) =>
        Assert.Contains(
            $"Node 0{(id.Length == 0 ? "" : $" ({id})")}: id must match [a-z0-9_]{{1,64}}, got '{id}'",
            Errors($"name: w\nnodes:\n  - {{ id: \"{id}\", type: log, with: {{ message: x }} }}\n"));

    [Theory]
    [InlineData("{ max_attempts: 0 }", "Node 0 (a): retry.max_attempts must be an integer from 1 to 100, got 0")]
    [InlineData("{ max_attempts: 3, backoff: linear }", "Node 0 (a): retry.backoff must be exponential or fixed, got 'linear'")]
    [InlineData("{ max_attempts: 3, delay: soon }", "Node 0 (a): retry.delay must be a duration like 30s, got 'soon'")]
    [InlineData("{ max_attempts: 3, delay: 5s, max_delay: 1s }", "Node 0 (a): retry.max_delay (1s) must not be shorter than retry.delay (5s)")]
    [InlineData("{ max_attempts: 3, jitter: maybe }", "Node 0 (a): retry.jitter must be true or false, got 'maybe'")]
    [InlineData("{ max_attempts: 3, dealy: 1s }", "Node 0 (a): unknown field 'retry.dealy'; did you mean 'retry.delay'?")]
    [InlineData("3", "Node 0 (a): retry must be a mapping, got 3")]
    public void Load_BadRetry_Reported(string retry, string message) =>
        Assert.Contains(message, Errors($"name: w\nnodes:\n  - {{ id: a, type: log, with: {{ message: x }}, retry: {retry} }}\n"));

    [Fact]
    public void Load_RetryWithoutMaxAttempts_Warns()
    {
        var result = Load("name: w\nnodes:\n  - { id: a, type: log, with: { message: x }, retry: { delay: 1s } }\n");

        Assert.True(result.Succeeded);
        Assert.Contains("never retries", Assert.Single(result.Warnings).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("continue_on_error: yes", "Node 0 (a): continue_on_error must be true or false, got 'yes'")]
    [InlineData("timeout: abc", "Node 0 (a): timeout must be a duration like 30s, got 'abc'")]
    [InlineData("with: [1]", "Node 0 (a): with must be a mapping, got a list")]
    public void Load_BadNodeValue_Reported(string field, string message) =>
        Assert.Contains(message, Errors($"name: w\nnodes:\n  - {{ id: a, type: log, {field} }}\n"));

    [Fact]
    public void Load_UnknownActionType_SuggestsTheClosest()
    {
        var errors = Errors("""
            name: w
            nodes:
              - { id: a, type: log, with: { message: x } }
              - { id: b, type: log, with: { message: y } }
              - { id: x, type: htp, with: { url: "http://x" } }
            """);

        Assert.Contains("Node 2 (x): unknown action type 'htp'; did you mean 'http'?", errors);
    }

    [Fact]
    public void Load_UnknownInput_Reported() =>
        Assert.Contains(
            "Node 0 (a): unknown input 'mesage' for action 'log'; did you mean 'message'?",
            Errors("name: w\nnodes:\n  - { id: a, type: log, with: { message: x, mesage: y } }\n"));

    [Fact]
    public void Load_MissingRequiredInput_Reported()
    {
        var errors = Errors("name: w\nnodes:\n  - { id: a, type: http, with: { method: GET } }\n  - { id: b, type: log }\n");

        Assert.Contains("Node 0 (a): missing required input 'url' for action 'http'", errors);
        Assert.Contains("Node 1 (b): missing required input 'message' for action 'log'", errors);
    }

    [Fact]
    public void Load_AdditionalInputs_AcceptedWhereTheActionAllowsThem() =>
        Assert.Equal(["anything", "goes"], Valid("name: w\nnodes:\n  - { id: a, type: transform, with: { anything: 1, goes: 2 } }\n").Nodes[0].With.Keys);

    [Fact]
    public void Load_CompensateShape_Checked()
    {
        var errors = Errors("""
            name: w
            on_failure: compensate
            nodes:
              - id: a
                type: log
                with: { message: x }
                compensate: { id: b, type: lg, with: { message: undo } }
            """);

        Assert.Contains("Node 0 (a): unknown field 'compensate.id'", errors);
        Assert.Contains("Node 0 (a): compensate: unknown action type 'lg'; did you mean 'log'?", errors);
    }

    [Fact]
    public void Load_CompensateWithoutOnFailureCompensate_Warns()
    {
        var result = Load("name: w\nnodes:\n  - { id: a, type: log, with: { message: x }, compensate: { type: log, with: { message: y } } }\n");

        Assert.True(result.Succeeded);
        Assert.Contains("compensate only runs when on_failure is compensate", Assert.Single(result.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManyProblems_AllReportedAtOnce()
    {
        var errors = Errors("""
            name: Bad Name
            priority: 42
            nodes:
              - { type: log, with: { message: x } }
              - { id: b, type: nope }
              - { id: b, type: log, with: { message: y }, timeout: forever }
            connections:
              - { from: b, to: ghost }
            """);

        Assert.True(errors.Count >= 6, string.Join("\n", errors));
    }
}
