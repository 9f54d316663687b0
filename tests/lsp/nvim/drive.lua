-- Drives a real Neovim (0.7+) against `werk serve`: opens a file, waits for
-- diagnostics, sends the requests listed in DRIVE_REQUESTS (JSON) and writes
-- what came back to DRIVE_OUT (JSON). Used by tests/lsp/test_neovim.py.
local out = { requests = {} }
local function finish()
  local file = io.open(vim.env.DRIVE_OUT, "w")
  file:write(vim.fn.json_encode(out))
  file:close()
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(vim.env.DRIVE_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "werk",
    cmd = { vim.env.DRIVE_BIN, "serve" },
    root_dir = vim.env.DRIVE_ROOT,
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
  out.attached = vim.wait(20000, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized
  end, 50)
  out.diagnosed = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(out.diagnostics, {
      lnum = d.lnum, col = d.col, message = d.message, code = d.code or lsp.code,
      source = d.source,
    })
  end
  local client = vim.lsp.get_client_by_id(client_id)
  out.capabilities = client and client.server_capabilities or {}
  for _, request in ipairs(vim.fn.json_decode(vim.env.DRIVE_REQUESTS)) do
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      position = { line = request.line, character = request.character },
    }
    if request.method == "textDocument/references" then
      params.context = { includeDeclaration = true }
    elseif request.method == "textDocument/codeAction" then
      params.range = { start = params.position, ["end"] = params.position }
      params.position = nil
      params.context = { diagnostics = {} }
    end
    local responses = vim.lsp.buf_request_sync(bufnr, request.method, params, 10000)
    local result = vim.NIL
    local error = vim.NIL
    for _, response in pairs(responses or {}) do
      if response.result ~= nil then result = response.result end
      if response.err ~= nil then error = response.err end
    end
    table.insert(out.requests, { name = request.name, result = result, error = error })
  end
end)
if not ok then out.error = tostring(err) end
finish()
