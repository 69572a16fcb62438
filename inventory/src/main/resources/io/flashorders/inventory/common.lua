-- Shared by every decision script (RedisInventory prepends it). Every key of a sale shares the hash tag {saleId},
-- so one script touches one cluster slot (MemoryDB is a cluster). Every value is a string, times in epoch ms.
-- KEYS: 1 sale hash, 2 holds zset (reserved: expiry), 3 checkouts zset (checking out: start),
--       4 reservations hash (id -> JSON), 5 per-customer units hash, 6 idempotency keys hash, 7 audit stream.
local sale, holds, checkouts, reservations, customers, idem, trail = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]

local function audit(now, kind, rid, customer, reason)
  redis.call('XADD', trail, '*', 'at', now, 'type', kind, 'reservation', rid, 'customer', customer, 'reason', reason)
end

-- Moves one unit between two of the sale's counts (available, reserved, checking_out, sold).
local function move(from, to)
  redis.call('HINCRBY', sale, from, -1)
  redis.call('HINCRBY', sale, to, 1)
end

local function load(rid)
  local raw = redis.call('HGET', reservations, rid)
  if not raw then return nil end
  return cjson.decode(raw)
end

-- Stores the reservation and returns its JSON, which the decision answers with (one encode per decision).
local function save(r)
  local json = cjson.encode(r)
  redis.call('HSET', reservations, r.id, json)
  return json
end

local function customer_units(customer, delta)
  redis.call('HINCRBY', customers, customer, delta)
end

-- Gives the unit of a reserved reservation whose hold is over back to the sale.
local function expire_one(r, now)
  r.state = 'expired'
  r.updated_at = tostring(now)
  save(r)
  redis.call('ZREM', holds, r.id)
  move('reserved', 'available')
  customer_units(r.customer, -1)
  audit(now, 'expired', r.id, r.customer, 'hold_time_over')
end

-- A request on a reserved reservation whose hold is over expires it first (the sweeper may not have yet): true then.
local function expired_now(r, now)
  if now < tonumber(r.expires_at) then return false end
  expire_one(r, now)
  return true
end

-- Expires at most limit holds that ended at or before now; returns how many.
local function expire_due(now, limit)
  local due = redis.call('ZRANGEBYSCORE', holds, '-inf', now, 'LIMIT', 0, limit)
  for _, rid in ipairs(due) do
    local r = load(rid)
    if r and r.state == 'reserved' then
      expire_one(r, now)
    else
      redis.call('ZREM', holds, rid)
    end
  end
  return #due
end

local function answer(decision, r)
  if r then return {decision, cjson.encode(r)} end
  return {decision}
end
