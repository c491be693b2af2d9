-- wrk script of the soak (bench/bench.sh soak, SoakBench): a random mix of the four in-memory endpoints.
--   wrk ... -s bench/soak.lua http://localhost:PORT -- CATEGORIES PRODUCTS
-- 40 % /popular (a category c00.. or the overall list, limit 10 or 100), 20 % /movers,
-- 30 % /products/pN/ranks (N < PRODUCTS: products SoakBench never suppresses and ranks in '*' of every
-- run, so 404 is never right), 10 % /categories. Counts statuses per thread; done() prints them as
-- "soak: status ..." and "soak: non-2xx N" (every status outside 200-299 is an error: wrk sends no
-- If-None-Match, so 304 cannot happen).
local categories, products = 50, 50
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  categories = tonumber(args[1]) or categories
  products = tonumber(args[2]) or products
  s2xx, s3xx, s404, s4xx, s5xx, sother = 0, 0, 0, 0, 0, 0
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000) + #tostring({}))
end

local function category()
  local c = math.random(0, categories)
  if c == categories then
    return nil
  end
  return string.format("c%02d", c)
end

function request()
  local r = math.random(100)
  local path
  if r <= 40 then
    local c = category()
    local limit = (math.random(2) == 1) and 10 or 100
    path = "/api/v1/popular?limit=" .. limit .. (c and ("&category_id=" .. c) or "")
  elseif r <= 60 then
    local c = category()
    path = "/api/v1/movers" .. (c and ("?category_id=" .. c) or "")
  elseif r <= 90 then
    path = "/api/v1/products/p" .. math.random(0, products - 1) .. "/ranks"
  else
    path = "/api/v1/categories"
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    s2xx = s2xx + 1
  elseif status >= 300 and status < 400 then
    s3xx = s3xx + 1
  elseif status == 404 then
    s404 = s404 + 1
  elseif status >= 400 and status < 500 then
    s4xx = s4xx + 1
  elseif status >= 500 and status < 600 then
    s5xx = s5xx + 1
  else
    sother = sother + 1
  end
end

function done(summary, latency, requests)
  local t = {s2xx = 0, s3xx = 0, s404 = 0, s4xx = 0, s5xx = 0, sother = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do
      t[k] = t[k] + (thread:get(k) or 0)
    end
  end
  io.write(string.format("soak: status 2xx %d, 3xx %d, 404 %d, other 4xx %d, 5xx %d, other %d\n",
    t.s2xx, t.s3xx, t.s404, t.s4xx, t.s5xx, t.sother))
  io.write(string.format("soak: non-2xx %d\n", t.s3xx + t.s404 + t.s4xx + t.s5xx + t.sother))
end
