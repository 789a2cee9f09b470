#!/usr/bin/env python3
"""How soon a saved workspace file is served (issue 14: < 1 s after the save).

Against a running `stepwise serve` whose workspace folder is FOLDER: writes a new C# workflow file, polls
GET /api/v1/workflows/<name> every 50 ms until it answers 200, and reports min/median/max over N saves.
The polling stays under the default rate limit of 600 requests a minute per key (a pause between saves).

    bench/workspace/reload.py --url http://127.0.0.1:18099 --key "$KEY" --folder data/workspace [--saves 12]
"""
import argparse
import os
import time
import urllib.error
import urllib.request

SOURCE = """using Stepwise.Sdk;

public static class ReloadProbe{index}
{{
    [Workflow("reload_probe_{index}", Description = "written by bench/workspace/reload.py")]
    public static async Task<int> RunAsync(IWorkflowContext context, [Param] int n)
        => await context.StepAsync("add", ct => Task.FromResult(n + {index}));
}}
"""


def served(url: str, key: str, name: str) -> bool:
    request = urllib.request.Request(f"{url}/api/v1/workflows/{name}", headers={"X-API-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--folder", required=True)
    parser.add_argument("--saves", type=int, default=12)
    arguments = parser.parse_args()

    delays = []
    for index in range(arguments.saves):
        path = os.path.join(arguments.folder, f"ReloadProbe{index}.cs")
        started = time.monotonic()
        with open(path, "w", encoding="utf-8") as file:
            file.write(SOURCE.format(index=index))
        while not served(arguments.url, arguments.key, f"reload_probe_{index}"):
            if time.monotonic() - started > 30:
                raise SystemExit(f"reload_probe_{index} not served 30 s after the save: see the server log")
            time.sleep(0.05)
        delays.append(time.monotonic() - started)
        time.sleep(6)

    delays.sort()
    print(f"served after the save: min {delays[0]:.3f} s, median {delays[len(delays) // 2]:.3f} s, "
          f"max {delays[-1]:.3f} s over {len(delays)} saves")


if __name__ == "__main__":
    main()
