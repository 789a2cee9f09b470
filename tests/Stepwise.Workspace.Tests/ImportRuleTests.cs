using Stepwise.Workspace.Tests.Support;

namespace Stepwise.Workspace.Tests;

/// <summary>The import rule: one case per refused namespace and reference kind, each with its exact message.</summary>
public sealed class ImportRuleTests
{
    [Theory]
    [InlineData("using System.IO;", "var t = File.ReadAllText(\"x\");", 10, "Workspace code cannot import 'System.IO.File' (file system access).")]
    [InlineData("", "var t = System.IO.File.ReadAllText(\"x\");", 10, "Workspace code cannot import 'System.IO.File' (file system access).")]
    [InlineData("", "var t = File.ReadAllText(\"x\");", 10, "Workspace code cannot import 'System.IO.File' (file system access).")]
    [InlineData("", "Directory.CreateDirectory(\"x\");", 10, "Workspace code cannot import 'System.IO.Directory' (file system access).")]
    [InlineData("", "using var r = new StreamReader(\"/etc/passwd\");", 10, "Workspace code cannot import 'System.IO.StreamReader(string path)' (file system access).")]
    [InlineData("using static System.IO.File;", "var t = ReadAllText(\"x\");", 1, "Workspace code cannot import 'System.IO.File' (file system access).")]
    [InlineData("using F = System.IO.File;", "var t = F.ReadAllText(\"x\");", 1, "Workspace code cannot import 'System.IO.File' (file system access).")]
    [InlineData("", "var t = typeof(System.Diagnostics.Process);", 10, "Workspace code cannot import 'System.Diagnostics' (processes and debugging).")]
    [InlineData("using System.Diagnostics;", "Process.Start(\"sh\");", 1, "Workspace code cannot import 'System.Diagnostics' (processes and debugging).")]
    [InlineData("", "var b = typeof(System.Reflection.Emit.AssemblyBuilder);", 10, "Workspace code cannot import 'System.Reflection.Emit' (reflection and emitting code).")]
    [InlineData("", "var m = typeof(string).GetMethods();", 10, "Workspace code cannot import 'System.Reflection' (reflection and emitting code).")]
    [InlineData("", "var a = typeof(string).Assembly;", 10, "Workspace code cannot import 'System.Reflection' (reflection and emitting code).")]
    [InlineData("", "var t = Type.GetType(\"System.IO.File\");", 10, "Workspace code cannot import 'System.Type.GetType' (reflection by name).")]
    [InlineData("", "var o = Activator.CreateInstance(typeof(object));", 10, "Workspace code cannot import 'System.Activator' (reflection by name).")]
    [InlineData("", "Environment.Exit(1);", 10, "Workspace code cannot import 'System.Environment' (process environment and exit).")]
    [InlineData("using System.Net.Sockets;", "using var s = new Socket(SocketType.Stream, ProtocolType.Tcp);", 1, "Workspace code cannot import 'System.Net.Sockets' (raw network access; use context.Http).")]
    [InlineData("using System.Runtime.InteropServices;", "var size = Marshal.SizeOf<int>();", 1, "Workspace code cannot import 'System.Runtime.InteropServices' (native code (P/Invoke)).")]
    [InlineData("using Stepwise.Storage;", "", 1, "Workspace code cannot import engine module 'Stepwise.Storage'.")]
    [InlineData("", "var e = typeof(Stepwise.Core.Scheduling.WorkflowEngine);", 10, "Workspace code cannot import engine module 'Stepwise.Core'.")]
    public void Compile_RefusedReference_FailsWithTheRulesMessageAtItsLine(string usings, string body, int line, string message)
    {
        var result = Workspaces.Compile(("Flow.cs", Workspaces.Body(body, usings)));

        Assert.False(result.Succeeded);
        var refused = result.Errors.First(e => e.Id == ImportRule.DiagnosticId);
        Assert.Equal("Flow.cs", refused.File);
        Assert.Equal(line, refused.Line);
        Assert.Equal(message, refused.Message.Split('\n')[0]);
        Assert.Contains("Workspace code can only import from the public API:", refused.Message, StringComparison.Ordinal);
        Assert.Contains("  - Stepwise.Sdk (for [Workflow], [Param], [DataProvider], [Action], IWorkflowContext, WorkflowException)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_PInvokeDeclaration_RefusesExternAndInteropServices()
    {
        const string source = """
            using Stepwise.Sdk;

            public static class Native
            {
                [System.Runtime.InteropServices.DllImport("libc")]
                private static extern int getpid();
            }
            """;

        var result = Workspaces.Compile(("Native.cs", source));

        Assert.Contains(result.Errors, e => e.Line == 5 && e.Message.StartsWith(
            "Workspace code cannot import 'System.Runtime.InteropServices' (native code (P/Invoke)).", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Line == 6 && e.Message == "Workspace code cannot declare extern methods (native code, P/Invoke).");
    }

    [Fact]
    public void Compile_EngineModule_SaysWhyInsteadOfTheCompilersNotFound()
    {
        var result = Workspaces.Compile(("Flow.cs", Workspaces.Body("", "using Stepwise.Storage;")));

        Assert.DoesNotContain(result.Errors, e => e.Id == "CS0234");
        Assert.Equal(
            "Flow.cs:1:1: error SW1001: Workspace code cannot import engine module 'Stepwise.Storage'.",
            result.Errors.Single().ToString().Split('\n')[0]);
    }

    [Fact]
    public void Compile_AllowedNamespacesAndImplicitUsings_Succeeds()
    {
        const string body = """
            var list = new List<int> { 3, 1 }.OrderBy(i => i).ToArray();
            var json = System.Text.Json.JsonSerializer.Serialize(list);
            var match = System.Text.RegularExpressions.Regex.IsMatch(json, "1");
            var text = new System.Text.StringBuilder().Append(match).ToString();
            var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
            using var request = new HttpRequestMessage(HttpMethod.Get, "http://x");
            using var reader = new StreamReader(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(hash)));
            var path = Path.Combine("a", "b");
            await Task.Delay(TimeSpan.Zero, context.CancellationToken);
            """;

        var result = Workspaces.Compile(("Flow.cs", Workspaces.Body(body)));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }
}
