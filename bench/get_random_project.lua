-- wrk script: GET /api/projects/{code}, each request for one of 10,000
-- distinct projects picked at random (a fixed sample spread over the city's
-- PROJECTS, from the environment, the same in every run), each with its own
-- ?n= so that the server's response cache never answers it: every request
-- goes to a reader, and most find their project's pages not yet read.
local projects = tonumber(os.getenv("PROJECTS") or "10000")
local token = os.getenv("TOKEN")
local size = math.min(10000, projects)
local created = 0

function setup(thread)
  thread:set("first", created)
  created = created + 1
end

function init(args)
  sample = {}
  for i = 1, size do
    sample[i] = math.floor((i - 1) * projects / size)
  end
  math.randomseed(20261208 + first)
  counter = first * 1000003
end

function request()
  counter = counter + 1
  return wrk.format("GET", "/api/projects/G" .. sample[math.random(size)] .. "?n=" .. counter,
                    {["Authorization"] = "Bearer " .. token})
end
