-- wrk script: each request advances the next project by one stage, through
-- every project of the city in turn (PROJECTS from the environment), with the
-- construction permit where it is needed. Threads take interleaved codes.
local projects = tonumber(os.getenv("PROJECTS") or "10000")
local stages = {"pre_review", "site_entry", "construction", "completion"}
local token = os.getenv("TOKEN")
local created = 0

function setup(thread)
  thread:set("first", created)
  created = created + 1
end

function init(args)
  counter = first
  step = tonumber(os.getenv("THREADS") or "2")
end

function request()
  local i = counter
  counter = counter + step
  local code = "G" .. (i % projects)
  local stage = stages[math.floor(i / projects) % #stages + 1]
  local body = '{"to":"' .. stage .. '","evidence":{"permit":"P-' .. i .. '"}}'
  return wrk.format("POST", "/api/projects/" .. code .. "/advance",
                    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
