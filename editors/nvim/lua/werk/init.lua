-- werk for Neovim 0.7+: starts `werk serve` for Structured Text buffers and
-- adds commands for what the server (and the agent behind it) can do.
--
--   require("werk").setup({
--     cmd = nil,             -- { "/path/to/werk", "serve" }; nil: found (see werk.executable)
--     settings = {},         -- the werk.toml schema, sent as initializationOptions
--     root_markers = { "werk.toml", "pyproject.toml", ".git" },
--     on_attach = nil,       -- function(client, bufnr)
--   })
--
-- Only Neovim's built-in LSP client is used, so nothing else needs installing.
local executable = require("werk.executable")
local status = require("werk.status")
local agent = require("werk.agent")

local M = {}

M.config = {
  cmd = nil,
  settings = {},
  root_markers = { "werk.toml", "pyproject.toml", ".git" },
  filetypes = { "iecst" },
  on_attach = nil,
  capabilities = nil,
}

-- One client per project root: every buffer of a project shares one server.
local clients_by_root = {}

local function find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      return vim.fn.getcwd()
    end
    dir = parent
  end
end

local function live_client(root)
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if client and not client.is_stopped() then
    return client
  end
  return nil
end

--- The werk client attached to `bufnr` (default: the current buffer), or nil.
function M.client(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  -- get_clients (0.10+) replaces buf_get_clients (0.7-0.9).
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr }) or vim.lsp.buf_get_clients(bufnr)
  for _, client in pairs(clients) do
    if client.name == "werk" then
      return client
    end
  end
  return nil
end

local function client_config(root)
  local cmd = M.config.cmd
  if cmd == nil then
    local program = executable.find(root)
    if program == nil then
      return nil, executable.missing_message(root)
    end
    cmd = { program, "serve" }
  end
  return {
    name = "werk",
    cmd = cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = M.config.settings,
    settings = { werk = M.config.settings },
    capabilities = M.config.capabilities or vim.lsp.protocol.make_client_capabilities(),
    handlers = { [status.METHOD] = status.handler, [agent.PROPOSAL] = agent.on_proposal },
    on_attach = M.config.on_attach,
  }
end

--- Start (or reuse) the server for the buffer's project and attach the buffer.
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == "" then
    return nil
  end
  local root = find_root(path, M.config.root_markers)
  local client = live_client(root)
  if client == nil then
    local config, problem = client_config(root)
    if config == nil then
      vim.notify(problem, vim.log.levels.ERROR)
      return nil
    end
    if vim.lsp.start then -- 0.8+: starts or reuses, and attaches the buffer
      clients_by_root[root] = vim.lsp.start(config, { bufnr = bufnr })
      return clients_by_root[root]
    end
    clients_by_root[root] = vim.lsp.start_client(config)
    client = { id = clients_by_root[root] }
  end
  if client.id ~= nil then
    vim.lsp.buf_attach_client(bufnr, client.id)
  end
  return client.id
end

--- Send new settings (werk.toml schema) to every running werk server.
function M.configure(settings)
  M.config.settings = settings
  for root, _ in pairs(clients_by_root) do
    local client = live_client(root)
    if client then
      client.notify("workspace/didChangeConfiguration", { settings = { werk = settings } })
    end
  end
end

--- Stop the servers; the next Structured Text buffer starts them again.
function M.restart()
  for root, id in pairs(clients_by_root) do
    vim.lsp.stop_client(id)
    clients_by_root[root] = nil
  end
  status.reset()
  vim.defer_fn(function()
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
        M.attach(bufnr)
      end
    end
  end, 500)
end

--- `werk check` on the project (or PATHS) into the quickfix list.
function M.check(paths)
  local root = find_root(vim.api.nvim_buf_get_name(0), M.config.root_markers)
  local program = M.config.cmd and M.config.cmd[1] or executable.find(root)
  if program == nil then
    vim.notify(executable.missing_message(root), vim.log.levels.ERROR)
    return nil
  end
  -- The report goes to a file: stderr (warnings about unreadable files) stays out of the JSON.
  local report = vim.fn.tempname()
  local argv = { program, "-C", root, "check", "--format", "json", "--output", report }
  vim.list_extend(argv, paths or {})
  local output = vim.fn.system(argv)
  local code = vim.v.shell_error
  if code ~= 0 and code ~= 1 then
    vim.notify("werk check failed:\n" .. output, vim.log.levels.ERROR)
    return nil
  end
  local ok, findings = pcall(function()
    return vim.fn.json_decode(table.concat(vim.fn.readfile(report), "\n"))
  end)
  vim.fn.delete(report)
  if not ok or type(findings) ~= "table" then
    vim.notify("werk check: unexpected output:\n" .. output, vim.log.levels.ERROR)
    return nil
  end
  local items = {}
  for _, finding in ipairs(findings) do
    local file = finding.file
    if file:sub(1, 1) ~= "/" then
      file = root .. "/" .. file
    end
    table.insert(items, {
      filename = file,
      lnum = finding.line,
      col = finding.column,
      type = (finding.severity or "w"):sub(1, 1):upper(),
      text = finding.code .. " " .. finding.message,
    })
  end
  vim.fn.setqflist({}, " ", { title = "werk check", items = items })
  vim.notify(("werk check: %d finding(s)"):format(#items))
  return items
end

local function define_commands()
  local command = vim.api.nvim_create_user_command
  command("WerkStatus", function()
    vim.notify(status.text())
  end, { desc = "werk: the language server's state" })
  command("WerkCheck", function(args)
    M.check(args.fargs)
  end, { nargs = "*", complete = "file", desc = "werk check into the quickfix list" })
  command("WerkRestart", M.restart, { desc = "werk: restart the language server" })
  command("WerkRun", function(args)
    agent.run_on_workspace(find_root(vim.api.nvim_buf_get_name(0), M.config.root_markers), args.args, M.config.cmd)
  end, { nargs = "+", desc = "werk run TASK on the project, in a terminal" })
  for _, action in ipairs(agent.ACTIONS) do
    command(action.vim_command, function()
      agent.invoke(M.client(), action)
    end, { desc = "werk: " .. action.title .. " (at the cursor)" })
  end
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", M.config, opts or {})
  local group = vim.api.nvim_create_augroup("werk", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  define_commands()
  -- Buffers opened before setup() (e.g. `nvim file.st -c 'lua ...setup()'`).
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr)
    end
  end
end

--- For statuslines: `set statusline+=%{v:lua.require'werk'.statusline()}`.
function M.statusline()
  return status.text()
end

return M
