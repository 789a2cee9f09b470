-- wrk script: POST the JSON in the BODY environment variable to the webhook (greet's params, or {} for chain10).
wrk.method = "POST"
wrk.body   = os.getenv("BODY") or "{}"
wrk.headers["Content-Type"] = "application/json"
