-- wrk script of every contestant: the request, and a result line the runner parses.
-- BENCH_BODY names a file holding a Thrift call, sent as the POST body; without it the
-- request is a GET of the URL (a cached call). Headers come from wrk's -H options.
-- No response() function: defining one makes wrk parse every body.

local path = os.getenv("BENCH_BODY")
if path then
  local file = assert(io.open(path, "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  file:close()
end

-- One JSON line; latencies in microseconds. `failed` counts socket errors and timeouts,
-- `non2xx` replies with a status of 400 or above (wrk's `status` errors); `bytes` is all
-- that was read, headers and chunk framing included.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"failed":%d,"non2xx":%d,"bytes":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status, summary.bytes))
end
