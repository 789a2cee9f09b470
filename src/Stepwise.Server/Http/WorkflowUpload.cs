using Stepwise.Server.Errors;

namespace Stepwise.Server.Http;

/// <summary>A workflow document posted as YAML or JSON (by content type; text/plain or none: by its content).</summary>
internal sealed record WorkflowUpload(string Text, string? FileName)
{
    public static async ValueTask<WorkflowUpload?> BindAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        string? fileName;
        if (MediaTypes.IsJson(contentType))
        {
            fileName = "workflow.json";
        }
        else if (MediaTypes.IsYaml(contentType))
        {
            fileName = "workflow.yaml";
        }
        else if (string.IsNullOrEmpty(contentType) || MediaTypes.IsPlainText(contentType))
        {
            fileName = null;
        }
        else
        {
            throw new ApiException(
                StatusCodes.Status415UnsupportedMediaType,
                ErrorCodes.UnsupportedMediaType,
                $"Unsupported content type '{contentType}': send the workflow as application/yaml or application/json " +
                "(with curl: -H 'Content-Type: application/yaml' --data-binary @file.yaml)");
        }

        var text = await RequestBody.ReadTextAsync(context);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ApiException(
                StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The request body is empty: send a workflow definition");
        }

        return new WorkflowUpload(text, fileName);
    }
}
