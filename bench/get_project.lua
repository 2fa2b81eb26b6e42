-- wrk script: GET /api/projects/{code} over every project of the city in turn
-- (PROJECTS from the environment), each request with its own ?n= so that the
-- server's response cache never answers it: every request goes to a reader.
local projects = tonumber(os.getenv("PROJECTS") or "10000")
local token = os.getenv("TOKEN")
local created = 0

function setup(thread)
  thread:set("first", created)
  created = created + 1
end

function init(args)
  counter = first * 1000003
end

function request()
  counter = counter + 1
  return wrk.format("GET", "/api/projects/G" .. (counter % projects) .. "?n=" .. counter,
                    {["Authorization"] = "Bearer " .. token})
end
