-- Linli bench: cycle through prepared requests and report one JSON line.
--
-- wrk -s bench/wrk.lua URL -- REQUESTS_FILE EXPECTED_STATUS
-- REQUESTS_FILE holds one request a line: method, path, Cookie header, body, tab-separated.
-- A response whose status is not EXPECTED_STATUS counts as unexpected (a failed login
-- answers 200, not 302). done() prints "BENCH_JSON {...}" with latencies in ms.

local threads = {}
local prepared = {}
local index = 0
local expected = 200
unexpected = 0 -- global: done() reads it from each thread with thread:get

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  expected = tonumber(args[2])
  for line in io.lines(args[1]) do
    local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    local headers = { ["User-Agent"] = "linli-bench" }
    if cookie ~= "" then
      headers["Cookie"] = cookie
    end
    if body == "" then
      body = nil
    else
      headers["Content-Type"] = "application/x-www-form-urlencoded"
    end
    table.insert(prepared, wrk.format(method, path, headers, body))
  end
end

function request()
  index = index % #prepared + 1
  return prepared[index]
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local unexpected_total = 0
  for _, thread in ipairs(threads) do
    unexpected_total = unexpected_total + (thread:get("unexpected") or 0)
  end
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, "mean_ms": %.2f, '
      .. '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, '
      .. '"connect": %d, "read": %d, "write": %d, "timeout": %d, "http_4xx_5xx": %d, '
      .. '"unexpected_status": %d}\n',
    summary.requests, seconds, summary.requests / seconds, latency.mean / 1000,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors.connect, errors.read, errors.write, errors.timeout,
    errors.status, unexpected_total))
end
