-- What wrk sends for each page bench/run.py measures, and how it reports a window.
--
--   wrk -t1 -cN -dSs -s bench/wrk.lua http://127.0.0.1:PORT/PATH -- MODE [FILE [COUNT]]
--
-- MODE is one of:
--   get             the URL's path as it is (wrk's own fast path: no Lua per request)
--   post FILE       POST /intake/. FILE's first line is the Cookie header (the CSRF
--                   cookie), its second the complete questionnaire, url-encoded, ending in
--                   "form_token=": every post appends a fresh random UUID there.
--   recommendation FILE
--                   /recommendation/<token>/, a token picked at random from FILE's lines
--                   (the seeded intakes') for every request
--   admin FILE COUNT
--                   the admin intake list, sent with the session cookies of the first
--                   COUNT lines of FILE (clinicians signed in beforehand), in turn
--
-- wrk counts socket errors and statuses above 399 itself. A response below 400 that is
-- not the page's answer counts here as "unexpected": a POST that is not redirected to its
-- recommendation (a form sent back with errors is a 200), an admin list that is not the
-- signed-in clinician's (a redirect to the login page).
--
-- done() prints one line for bench/run.py: "wrk-bench " and a JSON object with the
-- requests, the duration, the errors, wrk's percentiles and its whole latency histogram
-- (so that windows can be pooled), all times in microseconds. wrk 4 corrects its latency
-- histogram for coordinated omission before done() sees it: a response slower than twice
-- the mean interval adds the samples of the requests it held up.

local SIGNED_IN_MARK = "Select intake to change"
local PERCENTILES = { 50, 90, 95, 99, 99.9 }

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

unexpected = 0

local function read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    if line ~= "" then
      lines[#lines + 1] = line
    end
  end
  assert(#lines > 0, path .. " is empty")
  return lines
end

local urandom

-- A version 4 UUID from the kernel's random bytes: no two posts share a form token,
-- whichever thread or window sends them.
local function uuid4()
  local b = { urandom:read(16):byte(1, 16) }
  b[7] = bit.bor(bit.band(b[7], 0x0f), 0x40)
  b[9] = bit.bor(bit.band(b[9], 0x3f), 0x80)
  return string.format(
    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", unpack(b)
  )
end

local function random_index(n)
  local b1, b2, b3 = urandom:read(3):byte(1, 3)
  return (b1 * 65536 + b2 * 256 + b3) % n + 1
end

local modes = {}

function modes.get()
  -- The request wrk formats from the URL, sent without a Lua call; no response parsing.
  request = nil
  response = nil
end

function modes.post(file)
  local lines = read_lines(file)
  local cookie, body = lines[1], lines[2]
  assert(body:sub(-#"form_token=") == "form_token=", "the body must end in form_token=")
  -- Every UUID has 36 characters, so the head (Content-Length included) is the same for all.
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }
  local sample = wrk.format("POST", "/intake/", headers, body .. uuid4())
  local head = sample:sub(1, #sample - 36)
  request = function()
    return head .. uuid4()
  end
  response = function(status, headers)
    if status < 400 then
      local location = headers["Location"] or headers["location"] or ""
      if status ~= 302 or not location:find("/recommendation/", 1, true) then
        unexpected = unexpected + 1
      end
    end
  end
end

function modes.recommendation(file)
  local requests = {}
  for _, token in ipairs(read_lines(file)) do
    requests[#requests + 1] = wrk.format("GET", "/recommendation/" .. token .. "/")
  end
  request = function()
    return requests[random_index(#requests)]
  end
  -- A token that is not found is a 404, which wrk counts itself.
  response = nil
end

function modes.admin(file, count)
  local sessions = read_lines(file)
  count = tonumber(count)
  assert(count and count >= 1 and count <= #sessions, "not enough signed-in clinicians")
  local requests = {}
  for i = 1, count do
    requests[i] = wrk.format("GET", wrk.path, { ["Cookie"] = sessions[i] })
  end
  local turn = 0
  request = function()
    turn = turn % count + 1
    return requests[turn]
  end
  response = function(status, _, body)
    if status < 400 and (status ~= 200 or not body:find(SIGNED_IN_MARK, 1, true)) then
      unexpected = unexpected + 1
    end
  end
end

function init(args)
  local mode = modes[args[1]]
  assert(mode, "unknown mode " .. tostring(args[1]))
  urandom = assert(io.open("/dev/urandom", "rb"))
  mode(args[2], args[3])
end

function done(summary, latency)
  local found = 0
  for _, thread in ipairs(threads) do
    found = found + (thread:get("unexpected") or 0)
  end
  local percentiles = {}
  for _, p in ipairs(PERCENTILES) do
    percentiles[#percentiles + 1] = string.format('"%s": %d', p, latency:percentile(p))
  end
  local histogram = {}
  for i = 1, #latency do
    local value, count = latency(i)
    histogram[#histogram + 1] = string.format("[%d, %d]", value, count)
  end
  local e = summary.errors
  io.write(
    string.format(
      'wrk-bench {"requests": %d, "duration_us": %d, "errors": {"connect": %d, "read": %d, '
        .. '"write": %d, "status": %d, "timeout": %d, "unexpected": %d}, '
        .. '"percentiles_us": {%s}, "histogram_us": [%s]}\n',
      summary.requests,
      summary.duration,
      e.connect,
      e.read,
      e.write,
      e.status,
      e.timeout,
      found,
      table.concat(percentiles, ", "),
      table.concat(histogram, ", ")
    )
  )
end
