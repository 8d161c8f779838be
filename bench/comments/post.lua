-- wrk script: POST /api/v1/articles/425881/comments with a distinct name,
-- email, English body and X-Forwarded-For on every request, counting the
-- answers by status.
--
--   RUN_TAG=r1 wrk -t2 -c32 -d10s --latency -s bench/comments/post.lua http://127.0.0.1:PORT
--
-- done() prints "acknowledged <n>" (201 answers) and "status <code> <n>" lines
-- that bench/comments/run.sh reads.

local ARTICLE = os.getenv("ARTICLE_ID") or "425881"
local RUN_TAG = os.getenv("RUN_TAG") or tostring(os.time())
local PATH = "/api/v1/articles/" .. ARTICLE .. "/comments"

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

local first = { "Maryam", "Reza", "John", "Sara", "Hamid", "Anne", "Ali", "Peter", "Leila",
  "David", "Fatemeh", "Tom", "Zahra", "Mehdi", "Lucy", "Omar", "Nina", "Karim", "Emma", "Yusuf" }
local last = { "Ahmadi", "Smith", "Karimi", "Brown", "Rahimi", "Taylor", "Hosseini", "Wilson",
  "Moradi", "Clarke", "Jafari", "Evans", "Sadeghi", "Walker", "Rostami", "Hughes" }

local openers = {
  "Thank you for this report.",
  "I read the whole article twice and I still have questions.",
  "As a teacher in the province, I can confirm what the reporter describes.",
  "This is an important story and I am glad the agency covered it.",
  "I do not fully agree with the analysis here.",
  "Good reporting, but one side of the debate is missing.",
  "My family has lived near the seminary for three generations.",
  "I attended the conference mentioned in the second paragraph.",
  "Honestly, I expected more detail from the agency on this.",
  "Interesting piece, and the photo caption is very well chosen.",
  "I am tired of reading the same promises every winter.",
  "The interview with the scholars was the best part of the article.",
  "It is rare to see such a balanced account of the meeting.",
  "Before anyone jumps to conclusions, please read the whole statement.",
  "This is the first time I comment on this site.",
  "I shared this with my colleagues at the university this morning.",
}
local middles = {
  "The figures in the fourth paragraph do not match the ministry's own report.",
  "It would help to know who funded the project and how much it cost.",
  "The young students I spoke with last week said much the same thing.",
  "Nobody explained what happens to the families who depend on the old market.",
  "The officials keep saying the budget is ready, yet nothing has been built.",
  "The speakers made a serious effort to answer difficult questions from the audience.",
  "Prices for bread and medicine have gone up again in our neighbourhood.",
  "I would like to see a follow-up with the teachers who were mentioned.",
  "The translation of the final quote seems slightly different from the original.",
  "A timeline of events would make this much easier to follow for new readers.",
  "The roads in our district are still closed after the last storm.",
  "My neighbours were surprised that the council approved it so quickly.",
  "The article is right that dialogue is the only way forward.",
  "Several people in my village lost their jobs when the factory closed.",
  "This kind of cooperation between institutions should happen more often.",
  "The government should publish the full agreement so that citizens can judge.",
}
local closers = {
  "Please keep following this story.",
  "I hope the authorities are listening.",
  "Thanks again to the reporter.",
  "Looking forward to the next article.",
  "We deserve better answers than this.",
  "Let us wait for the official results.",
  "Keep up the good work.",
  "Could you publish the source documents?",
  "This is simply not good enough.",
  "Well done to everyone involved.",
}
-- The number makes every body distinct: counter * 64 + thread id.
local details = {
  "My reference number with the council is %d.",
  "Our petition has reached %d signatures so far.",
  "Complaint %d at the municipal office is still open.",
  "The ministry's hotline gave me case number %d.",
  "My application, number %d, has been waiting since spring.",
}

local counter = 0

local function pick(t, n)
  return t[(n % #t) + 1]
end

local function json_escape(s)
  return (s:gsub('[%c"\\]', function(c)
    return string.format("\\u%04x", string.byte(c))
  end))
end

function request()
  local tid = tonumber(_G.tid) or 1  -- Set by setup() through thread:set.
  counter = counter + 1
  local n = counter * 7919 + tid * 104729
  local name = pick(first, n) .. " " .. pick(last, math.floor(n / 20)) .. " " .. (counter * 64 + tid)
  local email = string.format("reader.%s.%d.%d@example.org", RUN_TAG, tid, counter)
  local body = pick(openers, counter) .. " " .. pick(middles, math.floor(counter / 16) + tid) ..
    " " .. string.format(pick(details, counter + tid), 1000 + counter * 64 + tid) .. " " ..
    pick(closers, math.floor(counter / 3))
  local payload = '{"name":"' .. json_escape(name) .. '","email":"' .. json_escape(email) ..
    '","body":"' .. json_escape(body) .. '"}'
  -- Readers behind the site's reverse proxy (loopback is trusted by default).
  local addr = string.format("10.%d.%d.%d", tid % 256, math.floor(counter / 256) % 256, counter % 256)
  return wrk.format("POST", PATH,
    { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = addr }, payload)
end

-- Per-thread counts are read in done() through thread:get, which sees only
-- globals: "acknowledged" (201 answers), "s<code>" per status, and
-- "statuses", the codes seen ("201,429,").
acknowledged = 0
statuses = ""

function response(status, headers, body)
  local key = "s" .. status
  if _G[key] == nil then
    _G[key] = 0
    statuses = statuses .. status .. ","
  end
  _G[key] = _G[key] + 1
  if status == 201 then acknowledged = acknowledged + 1 end
end

function done(summary, latency, requests)
  local total_ack = 0
  local by_status = {}
  for _, thread in ipairs(threads) do
    total_ack = total_ack + (tonumber(thread:get("acknowledged")) or 0)
    local list = thread:get("statuses") or ""
    for code in string.gmatch(list, "(%d+),") do
      by_status[code] = (by_status[code] or 0) + (tonumber(thread:get("s" .. code)) or 0)
    end
  end
  io.write(string.format("acknowledged %d\n", total_ack))
  for code, n in pairs(by_status) do io.write(string.format("status %s %d\n", code, n)) end
end
