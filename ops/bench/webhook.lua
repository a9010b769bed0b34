-- wrk script: every request is a unique, real-shaped uazapi `messages` event
-- (same envelope as Tests/Fixtures/uazapi/message-text.json) posted to /webhooks/uaz.
--
--   wrk -t2 -c64 -d15s --latency -s ops/bench/webhook.lua http://127.0.0.1:PORT/webhooks/uaz -- TENANTS_FILE NONCE
--
-- TENANTS_FILE: one tenant a line, "owner token" (written by bench.py).
-- NONCE: up to 7 hex digits, unique per wrk run, so message ids never repeat across runs.
-- message.id = "<owner>:<32 hex>" (nonce, thread, counter); 2,000 senders 55119XXXXXXXX;
-- requests rotate over the tenants' owner/token pairs.

local tenants = {}
local nonce = 0
local tid = 0
local counter = 0
local senders = 2000

local texts = {
  "gastei 50 reais no almoço",
  "recebi R$ 1.234,56 de vendas hoje",
  "oi, bom dia!",
  "quanto gastei este mês?",
  "paguei 89,90 de internet ontem",
  "preciso de ajuda com o meu pedido",
}

local thread_counter = 0
function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("thread_id", thread_counter)
end

function init(args)
  local path = args[1] or error("usage: -- TENANTS_FILE NONCE")
  nonce = tonumber(args[2] or "0", 16) or 0
  for line in io.lines(path) do
    local owner, token = line:match("^(%d+)%s+(%S+)")
    if owner then tenants[#tenants + 1] = { owner = owner, token = token } end
  end
  if #tenants == 0 then error("no tenants in " .. path) end
  tid = tonumber(thread_id) or 0  -- global set by setup() through thread:set
  math.randomseed(nonce + tid * 7919)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

local function body(owner, token, sender, hexid, ts, text, n)
  local chatid = sender .. "@s.whatsapp.net"
  local name = "Cliente " .. n
  return table.concat({
    '{"BaseUrl":"http://127.0.0.1:9","EventType":"messages","owner":"', owner,
    '","token":"', token,
    '","instanceName":"bench","chatSource":"updated","chat":{"id":"r', hexid:sub(1, 14):lower(),
    '","name":"', name, '","owner":"', owner, '","phone":"+', sender,
    '","wa_chatid":"', chatid, '","wa_fastid":"', owner, ':', sender,
    '","wa_name":"', name, '","wa_contactName":"', name,
    '","wa_isGroup":false,"wa_unreadCount":1,"wa_lastMsgTimestamp":', ts,
    ',"wa_lastMessageType":"Conversation","wa_lastMessageTextVote":"","wa_lastMessageSender":"",',
    '"wa_isBlocked":false,"wa_isPinned":false,"wa_label":[],"wa_archived":false,"wa_muteEndTime":0,',
    '"wa_ephemeralExpiration":0,"image":"","imagePreview":"","lead_name":"","lead_fullName":"",',
    '"lead_email":"","lead_personalid":"","lead_status":"","lead_tags":[],"lead_notes":"",',
    '"lead_isTicketOpen":false,"lead_assignedAttendant_id":"","lead_kanbanOrder":0,',
    '"chatbot_agentResetMemoryAt":0,"chatbot_disableUntil":0,"chatbot_lastTriggerAt":0,"chatbot_lastTrigger_id":""},',
    '"message":{"id":"', owner, ':', hexid, '","messageid":"', hexid,
    '","chatid":"', chatid, '","sender":"', chatid, '","senderName":"', name,
    '","isGroup":false,"fromMe":false,"messageType":"Conversation","source":"android","messageTimestamp":', ts,
    ',"status":"","text":"', text, '","quoted":"","edited":"","reaction":"","vote":"","convertOptions":"",',
    '"buttonOrListid":"","owner":"', owner, '","type":"text","mediaType":"","content":"', text,
    '","wasSentByApi":false,"groupName":"Unknown","track_source":"","track_id":"","sender_pn":"', chatid,
    '","sender_lid":""}}',
  })
end

function request()
  counter = counter + 1
  local t = tenants[(counter % #tenants) + 1]
  local s = math.random(0, senders - 1)
  local sender = string.format("55119%08d", 10000000 + s)
  local hexid = string.format("%08X%04X%020X", nonce, tid, counter)
  local ts = string.format("%d", os.time() * 1000)
  local text = texts[(counter % #texts) + 1]
  return wrk.format(nil, nil, nil, body(t.owner, t.token, sender, hexid, ts, text, s))
end

-- Machine-readable summary for bench.py (latencies in microseconds).
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
