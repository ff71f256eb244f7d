-- A mixed authenticated workload for wrk: create, get, list, patch and delete agents as several users.
-- LOAD_SETUP names a Lua file written by load.py setup: { {token=..., agents={...}}, ... }.
local users = dofile(os.getenv("LOAD_SETUP"))
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  created = {}          -- ids this thread created and may delete
  step = 0
  pending = {}          -- what each in-flight request was, by order (wrk answers in order per connection)
end

local function auth(user)
  return { ["Authorization"] = "Bearer " .. user.token, ["Content-Type"] = "application/json" }
end

function request()
  step = step + 1
  local user = users[(step % #users) + 1]
  local agent = user.agents[(step % #user.agents) + 1]
  local kind = step % 20
  if kind < 6 then
    return wrk.format("POST", "/api/v1/agents", auth(user), '{"name":"load ' .. step .. '","model_name":"gpt-4","temperature":0.3}')
  elseif kind < 12 then
    return wrk.format("GET", "/api/v1/agents/" .. agent, auth(user))
  elseif kind < 16 then
    return wrk.format("GET", "/api/v1/agents?skip=0&limit=10", auth(user))
  elseif kind < 19 then
    return wrk.format("PATCH", "/api/v1/agents/" .. agent, auth(user), '{"temperature":0.' .. (step % 10) .. '}')
  else
    local victim = table.remove(created)
    if victim == nil then return wrk.format("GET", "/api/v1/agents/" .. agent, auth(user)) end
    return wrk.format("DELETE", "/api/v1/agents/" .. victim.id, auth(victim.user))
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 201 then
    local id = string.match(body, '"id":(%d+)')
    local created_by = string.match(body, '"created_by_id":(%d+)')
    for _, user in ipairs(users) do
      if tostring(user.id) == created_by then table.insert(created, { id = id, user = user }) end
    end
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + count end
  end
  local parts = {}
  for status, count in pairs(total) do table.insert(parts, status .. "=" .. count) end
  table.sort(parts)
  io.write("statuses: " .. table.concat(parts, " ") .. "\n")
  io.write(string.format("latency_us: p50=%d p99=%d max=%d\n", latency:percentile(50), latency:percentile(99), latency.max))
  io.write(string.format("requests: %d errors: connect=%d read=%d write=%d timeout=%d status=%d\n", summary.requests,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end
