namespace Stepwise.Core.Actions.Egress;

/// <summary>Finds the policy's refusal inside whatever the HTTP stack wrapped it in.</summary>
public static class EgressRefused
{
    public static EgressRefusedException? Find(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is EgressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
