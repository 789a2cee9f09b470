namespace Stepwise.EndToEnd.Dashboard;

/// <summary>The workflows the dashboard tests deploy.</summary>
internal static class Workflows
{
    /// <summary>A run form with an email, a pattern, a select and a default.</summary>
    public const string Signup = """
        name: signup
        description: Registers a user
        params:
          - { name: email, type: email, required: true }
          - { name: plan, type: select, options: [free, team], default: free }
          - { name: seats, type: int, default: 1 }
        nodes:
          - id: normalize
            type: transform
            with: { email: "${{ params.email }}", plan: "${{ params.plan }}" }
          - id: welcome
            type: log
            with: { message: "welcome ${{ nodes.normalize.output.email }}" }
        output: ${{ nodes.normalize.output }}
        """;

    /// <summary>Calls a service that fails until the test brings it up; `charge` is the node to retry from.</summary>
    public const string Flaky = """
        name: flaky
        params:
          - { name: url, type: string, required: true }
        nodes:
          - id: prepare
            type: transform
            with: { started: true }
          - id: charge
            type: http
            timeout: 5s
            with:
              method: GET
              url: ${{ params.url }}
              expect_status: [200]
          - id: receipt
            type: transform
            with: { ok: "${{ nodes.charge.output.body.ok }}" }
        connections:
          - { from: prepare, to: charge }
          - { from: charge, to: receipt }
        output: ${{ nodes.receipt.output }}
        """;

    /// <summary>A form whose team select is fed by a workspace data provider that takes the region.</summary>
    public const string Assign = """
        name: assign
        params:
          - { name: region, type: select, options: [emea, amer], required: true }
          - { name: team, type: select, data_provider: get_teams, required: true }
        nodes:
          - id: note
            type: log
            with: { message: "assigned to ${{ params.team }}" }
        """;

    /// <summary>The workspace file of the data provider <c>get_teams</c>: its options depend on the form's region.</summary>
    public const string TeamsProvider = """
        using Stepwise.Sdk;

        public static class Teams
        {
            [DataProvider("get_teams", Description = "The teams of a region")]
            public static Task<IReadOnlyList<Option>> ForRegion(IWorkflowContext context, string region) =>
                Task.FromResult<IReadOnlyList<Option>>(region == "amer"
                    ? [new("Austin", "austin"), new("Toronto", "toronto")]
                    : [new("Berlin", "berlin"), new("Dublin", "dublin")]);
        }
        """;
}

