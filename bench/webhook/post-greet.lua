-- wrk script: POST the greet example's params to its webhook.
wrk.method = "POST"
wrk.body   = '{"name":"Ada","n":21}'
wrk.headers["Content-Type"] = "application/json"
