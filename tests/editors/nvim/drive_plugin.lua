-- Drives the werk Neovim plugin (editors/nvim) headless: opens DRIVE_FILE,
-- calls require("werk").setup() with DRIVE_SETUP (JSON), waits for diagnostics
-- and runs the commands a user would, writing what it saw to DRIVE_OUT (JSON).
-- Used by tests/editors/test_nvim.py.
local out = { notifications = {} }
local function finish()
  local file = io.open(vim.env.DRIVE_OUT, "w")
  file:write(vim.fn.json_encode(out))
  file:close()
  vim.cmd("qa!")
end

vim.notify = function(message, level)
  table.insert(out.notifications, { message = message, level = level or vim.log.levels.INFO })
end

local ok, err = pcall(function()
  out.filetypes = {}
  for _, name in ipairs(vim.fn.json_decode(vim.env.DRIVE_DETECT)) do
    vim.cmd("edit " .. vim.fn.fnameescape(name))
    out.filetypes[vim.fn.fnamemodify(name, ":t")] = vim.bo.filetype
  end
  vim.cmd("edit " .. vim.fn.fnameescape(vim.env.DRIVE_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  out.commentstring = vim.bo.commentstring
  local werk = require("werk")
  werk.setup(vim.fn.json_decode(vim.env.DRIVE_SETUP))
  out.attached = vim.wait(20000, function()
    local client = werk.client(bufnr)
    return client ~= nil and client.initialized
  end, 50)
  local client = werk.client(bufnr)
  out.cmd = client and client.config.cmd or vim.NIL
  out.diagnosed = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out.diagnostics, { lnum = d.lnum, col = d.col, message = d.message, source = d.source })
  end
  vim.wait(10000, function() return werk.statusline():find("ready", 1, true) ~= nil end, 50)
  vim.cmd("WerkStatus")
  vim.cmd("WerkCheck")
  out.quickfix = {}
  for _, item in ipairs(vim.fn.getqflist()) do
    table.insert(out.quickfix, {
      file = vim.api.nvim_buf_get_name(item.bufnr), lnum = item.lnum, col = item.col,
      type = item.type, text = item.text,
    })
  end
  local agent = require("werk.agent")
  -- What the server offers at the unused variable (line 9): the fix-with-agent action.
  local fix = agent.ACTIONS[1]
  local found = false
  agent.find(client, fix, bufnr, 8, function(action) out.fix_action = action or vim.NIL; found = true end)
  vim.wait(10000, function() return found end, 20)
  -- No comment under the cursor: nothing to implement.
  vim.api.nvim_win_set_cursor(0, { 9, 4 })
  vim.cmd("WerkImplement")
  vim.wait(10000, function()
    for _, n in ipairs(out.notifications) do
      if n.message:find("no 'implement from comment' here", 1, true) then return true end
    end
    return false
  end, 20)
  -- An older server without agent commands.
  agent.invoke({ server_capabilities = {} }, fix)
  -- A proposal as the server sends it: shown as a diff, then "apply" goes to the server,
  -- which does not know this run and says so.
  agent.ask = function(proposal)
    out.shown = vim.api.nvim_buf_get_lines(0, 0, -1, false)
    out.shown_filetype = vim.bo.filetype
    return 1
  end
  agent.on_proposal(nil, vim.fn.json_decode(vim.env.DRIVE_PROPOSAL), { client_id = client.id })
  vim.wait(10000, function()
    for _, n in ipairs(out.notifications) do
      if n.message:find("no agent run", 1, true) then return true end
    end
    return false
  end, 20)
  vim.env.VIRTUAL_ENV = "/home/me/env"
  out.candidates = require("werk.executable").candidates("/plant")
  vim.env.VIRTUAL_ENV = nil
  out.commands = vim.tbl_keys(vim.api.nvim_get_commands({}))
end)
if not ok then out.error = tostring(err) end
finish()
