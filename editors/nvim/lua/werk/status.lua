-- The server's `werk/status` notification, kept for :WerkStatus and statuslines.
-- Payload: { state = "indexing"|"ready", files = N, lastCheckMs = x|nil, ... }
local M = {}

M.METHOD = "werk/status"
M.last = nil

function M.handler(_, result)
  M.last = result
  pcall(vim.cmd, "redrawstatus")
end

function M.reset()
  M.last = nil
end

--- One short line: "werk: ready · 12 files · 3.4 ms".
function M.text(payload)
  payload = payload or M.last
  if payload == nil then
    return "werk: not running"
  end
  local parts = { "werk: " .. tostring(payload.state or "?") }
  if type(payload.files) == "number" then
    table.insert(parts, payload.files == 1 and "1 file" or (payload.files .. " files"))
  end
  if type(payload.lastCheckMs) == "number" then
    table.insert(parts, ("%.1f ms"):format(payload.lastCheckMs))
  end
  return table.concat(parts, " · ")
end

return M
