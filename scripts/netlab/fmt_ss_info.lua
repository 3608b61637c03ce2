-- netlab.fmt_ss_info: the second line ss -i and ss -m print under a
-- socket (iproute2 6.1's tcp_show_info, tcp_stats_print and
-- print_skmeminfo), from a host:sockets() row:
--   skmem:(r0,rb131072,t0,tb87040,f0,w0,o0,bl0,d0) cubic wscale:7,7
--   rto:204 rtt:0.05/0.025 ato:40 mss:32768 ... snd_wnd:65536
-- Each field is printed where ss prints it (most only when not zero),
-- from the row's numbers: ms back to the kernel's microseconds where ss
-- computes with them, so the text is ss's to the last digit.
local M = {}

local fmt = string.format

-- The kernel's microseconds behind a row's time in ms (0 when absent).
local function us(ms)
  return ms and math.floor(ms * 1000 + 0.5) or 0
end

-- V, or 0 when the row has no such field (an older kernel's record).
local function n(v) return v or 0 end

-- ss's sprint_bw: a rate in bit/s, "%.0f" under -n, else k/M/G/T.
local function bw(bps, numeric)
  if numeric then return fmt("%.0f", bps) end
  for _, u in ipairs{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}} do
    if bps >= u[1] then return fmt("%.3g%s", bps / u[1], u[2]) end
  end
  return fmt("%g", bps)
end

-- ss -m's skmem:(...) of counters M (7 to 9 of them).
function M.skmem(m)
  local s = fmt(" skmem:(r%d,rb%d,t%d,tb%d,f%d,w%d,o%d", m.rmem_alloc, m.rcvbuf, m.wmem_alloc, m.sndbuf,
    m.fwd_alloc, m.wmem_queued, m.optmem)
  if m.backlog then s = s .. fmt(",bl%d", m.backlog) end
  if m.drops then s = s .. fmt(",d%d", m.drops) end
  return s .. ")"
end

-- Appends to OUT each " name:value" of LIST ({name, value[, format]})
-- whose value is not zero (or absent).
local function nonzero(out, list)
  for _, f in ipairs(list) do
    local v = f[2]
    if v and v ~= 0 then out[#out + 1] = fmt(" %s:" .. (f[3] or "%d"), f[1], v) end
  end
end

-- The congestion control's name, window scales, timers and sizes.
local function head(out, r)
  if r.congestion then out[#out + 1] = " " .. r.congestion end
  if r.options and r.options.wscale then out[#out + 1] = fmt(" wscale:%d,%d", r.snd_wscale, r.rcv_wscale) end
  if n(r.rto) ~= 0 and us(r.rto) ~= 3000000 then out[#out + 1] = fmt(" rto:%g", r.rto) end
  nonzero(out, {{"backoff", r.backoff}})
  if n(r.rtt) ~= 0 then out[#out + 1] = fmt(" rtt:%g/%g", r.rtt, n(r.rttvar)) end
  nonzero(out, {{"ato", r.ato, "%g"}, {"mss", r.snd_mss}, {"pmtu", r.pmtu}, {"rcvmss", r.rcv_mss},
                {"advmss", r.advmss}, {"cwnd", r.cwnd}, {"ssthresh", r.ssthresh}, {"bytes_sent", r.bytes_sent},
                {"bytes_retrans", r.bytes_retrans}, {"bytes_acked", r.bytes_acked},
                {"bytes_received", r.bytes_received}, {"segs_out", r.segs_out}, {"segs_in", r.segs_in},
                {"data_segs_out", r.data_segs_out}, {"data_segs_in", r.data_segs_in}})
end

-- DCTCP's and BBR's own numbers.
local function cc(out, r, numeric)
  local d = r.dctcp
  if d and d.enabled then
    out[#out + 1] = fmt(" dctcp:(ce_state:%d,alpha:%d,ab_ecn:%d,ab_tot:%d)", d.ce_state, d.alpha, d.ab_ecn, d.ab_tot)
  elseif d then
    out[#out + 1] = " dctcp:fallback_mode"
  end
  local b = r.bbr
  if b then
    local s = fmt(" bbr:(bw:%sbps,mrtt:%g", bw(b.bw * 8.0, numeric), b.min_rtt)
    if b.pacing_gain ~= 0 then s = s .. fmt(",pacing_gain:%g", b.pacing_gain) end
    if b.cwnd_gain ~= 0 then s = s .. fmt(",cwnd_gain:%g", b.cwnd_gain) end
    out[#out + 1] = s .. ")"
  end
end

-- The rate cwnd allows (ss's "send"): cwnd x mss per RTT (Vegas' RTT
-- when it has one).
local function send_bps(r)
  local rtt = us(r.rtt)
  local v = r.vegas
  if v and v.enabled and us(v.rtt) ~= 0 and us(v.rtt) ~= 0x7fffffff then rtt = us(v.rtt) end
  if rtt > 0 and n(r.snd_mss) ~= 0 and n(r.cwnd) ~= 0 then return r.cwnd * r.snd_mss * 8000000.0 / rtt end
  return 0
end

-- Rates, the last send and receive, delivery and busy time.
local function rates(out, r, numeric)
  local send = send_bps(r)
  if send ~= 0 then out[#out + 1] = " send " .. bw(send, numeric) .. "bps" end
  nonzero(out, {{"lastsnd", r.last_data_sent}, {"lastrcv", r.last_data_recv}, {"lastack", r.last_ack_recv}})
  if n(r.pacing_rate) ~= 0 then
    local s = " pacing_rate " .. bw(r.pacing_rate * 8.0, numeric) .. "bps"
    if n(r.max_pacing_rate) ~= 0 then s = s .. "/" .. bw(r.max_pacing_rate * 8.0, numeric) .. "bps" end
    out[#out + 1] = s
  end
  if n(r.delivery_rate) ~= 0 then out[#out + 1] = " delivery_rate " .. bw(r.delivery_rate * 8.0, numeric) .. "bps" end
  nonzero(out, {{"delivered", r.delivered}, {"delivered_ce", r.delivered_ce}})
  if r.app_limited then out[#out + 1] = " app_limited" end
  local busy = us(r.busy_time)
  if busy ~= 0 then
    out[#out + 1] = fmt(" busy:%dms", busy // 1000)
    for _, k in ipairs{"rwnd_limited", "sndbuf_limited"} do
      local t = us(r[k])
      if t ~= 0 then out[#out + 1] = fmt(" %s:%dms(%.1f%%)", k, t // 1000, 100.0 * t / busy) end
    end
  end
end

-- Segments in flight, lost and reordered; the receiver's side.
local function tail(out, r)
  nonzero(out, {{"unacked", r.unacked}})
  if n(r.retrans) ~= 0 or n(r.total_retrans) ~= 0 then
    out[#out + 1] = fmt(" retrans:%d/%d", n(r.retrans), n(r.total_retrans))
  end
  nonzero(out, {{"lost", r.lost}, {"sacked", r.state ~= "LISTEN" and r.sacked}, {"dsack_dups", r.dsack_dups},
                {"fackets", r.fackets}})
  if n(r.reordering) ~= 3 then out[#out + 1] = fmt(" reordering:%d", n(r.reordering)) end
  nonzero(out, {{"reord_seen", r.reord_seen}, {"rcv_rtt", r.rcv_rtt, "%g"}, {"rcv_space", r.rcv_space},
                {"rcv_ssthresh", r.rcv_ssthresh}, {"notsent", r.notsent_bytes}, {"minrtt", r.min_rtt, "%g"},
                {"rcv_ooopack", r.rcv_ooopack}, {"snd_wnd", r.snd_wnd}})
end

-- ss -i's text for TCP row R (tcp_stats_print), "" without tcp_info.
function M.tcp(r, numeric)
  if not r.tcp_info_len or r.tcp_info_len == 0 then return "" end
  local out = {}
  head(out, r)
  cc(out, r, numeric)
  rates(out, r, numeric)
  tail(out, r)
  return table.concat(out)
end

-- The text after a row's line under ss with options O ({i =, m =,
-- n =}): "\n\t" then skmem and tcp_info, or "" when ss prints no second
-- line (-i alone shows none for UDP).
function M.line(r, o)
  local tcp = r.proto:sub(1, 3) == "tcp"
  if not (o.m or (o.i and tcp)) then return "" end
  local s = "\n\t"
  if o.m and r.skmem then s = s .. M.skmem(r.skmem) end
  if o.i and tcp then s = s .. M.tcp(r, o.n) end
  return s
end

return M
