-- Agent actions, the way werk serve offers them: a code action at the cursor
-- (kinds quickfix.werk.agent / refactor.rewrite.werk.agent) whose command
-- starts an agent run in the server; progress follows as $/progress; a
-- verified change arrives as a `werk/agentProposal` notification carrying
-- its diff and the apply/reject commands. The plugin shows the diff and runs
-- the command the user picks; the server then applies the edit through
-- workspace/applyEdit.
--
-- The list is data: an action whose command the running server does not
-- advertise says so instead of failing, so the plugin works with servers from
-- before and after the agent actions.
local M = {}

M.PROPOSAL = "werk/agentProposal"

M.ACTIONS = {
  { vim_command = "WerkFix", server_command = "werk.fixWithAgent", kind = "quickfix.werk.agent", title = "fix with agent" },
  {
    vim_command = "WerkImplement",
    server_command = "werk.implementFromComment",
    kind = "refactor.rewrite.werk.agent",
    title = "implement from comment",
  },
  { vim_command = "WerkTests", server_command = "werk.writeTests", kind = "refactor.rewrite.werk.agent", title = "write tests" },
}

function M.offered(client, server_command)
  local provider = client and client.server_capabilities and client.server_capabilities.executeCommandProvider
  return provider ~= nil and type(provider.commands) == "table" and vim.tbl_contains(provider.commands, server_command)
end

-- The werk diagnostics on a line, as the LSP sent them (code actions need them back).
local function line_diagnostics(bufnr, lnum)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = lnum })) do
    -- Neovim keeps the LSP-only fields (code, data...) in user_data.lsp.
    local lsp = vim.tbl_extend("force", d.user_data and d.user_data.lsp or {}, {
      range = {
        start = { line = d.lnum, character = d.col },
        ["end"] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
      },
      message = d.message,
      severity = d.severity,
      source = d.source,
    })
    if lsp.code == nil then
      lsp.code = d.code
    end
    table.insert(found, lsp)
  end
  return found
end

--- Ask the server for `action` at line `lnum` (0-based); calls back with the code action or nil.
function M.find(client, action, bufnr, lnum, callback)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = lnum, character = 0 }, ["end"] = { line = lnum, character = 0 } },
    context = { only = { action.kind }, diagnostics = line_diagnostics(bufnr, lnum) },
  }
  client.request("textDocument/codeAction", params, function(err, actions)
    local found = nil
    for _, candidate in ipairs(err == nil and actions or {}) do
      local command = candidate.command
      if type(command) == "table" and command.command == action.server_command then
        found = candidate
        break
      end
    end
    callback(found, err)
  end, bufnr)
end

--- Run `action` at the cursor of the current buffer.
function M.invoke(client, action)
  if client == nil then
    vim.notify("werk: no werk language server on this buffer", vim.log.levels.WARN)
    return
  end
  if not M.offered(client, action.server_command) then
    vim.notify(
      ("werk: this werk server does not offer '%s' (%s); update werk"):format(action.title, action.server_command),
      vim.log.levels.WARN
    )
    return
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local lnum = vim.api.nvim_win_get_cursor(0)[1] - 1
  M.find(client, action, bufnr, lnum, function(found, err)
    if found == nil then
      local reason = err and (": " .. (err.message or "")) or ""
      vim.notify(("werk: no '%s' here%s"):format(action.title, reason), vim.log.levels.WARN)
      return
    end
    local command = found.command
    client.request("workspace/executeCommand", { command = command.command, arguments = command.arguments }, function(start_err)
      if start_err then
        vim.notify("werk: " .. action.title .. " failed: " .. (start_err.message or ""), vim.log.levels.ERROR)
      else
        vim.notify("werk: " .. action.title .. " started; the change opens here once it is verified")
      end
    end, bufnr)
  end)
end

--- Asks the user about a proposal (1 = apply); replaceable, e.g. by tests.
function M.ask(proposal)
  return vim.fn.confirm(("werk: apply %s?"):format(proposal.title or "the agent's change"), "&Apply\n&Reject", 2)
end

--- `werk/agentProposal`: show the diff, then apply or reject through the server.
function M.on_proposal(_, proposal, ctx)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  if client == nil or type(proposal) ~= "table" then
    return
  end
  vim.cmd("botright new")
  local preview = vim.api.nvim_get_current_buf()
  local header = { ("# %s: %s"):format(proposal.title or "werk", proposal.summary or "") }
  for _, step in ipairs(proposal.verification or {}) do
    table.insert(header, ("# %s %s"):format(step.name, step.passed and "passed" or "FAILED"))
  end
  vim.api.nvim_buf_set_lines(preview, 0, -1, false, vim.list_extend(header, vim.split(proposal.diff or "", "\n")))
  vim.bo[preview].buftype = "nofile"
  vim.bo[preview].filetype = "diff"
  vim.cmd("redraw")
  local choice = M.ask(proposal) == 1 and proposal.apply or proposal.reject
  vim.api.nvim_buf_delete(preview, { force = true })
  if type(choice) ~= "table" then
    return
  end
  client.request("workspace/executeCommand", { command = choice.command, arguments = choice.arguments }, function(err, result)
    if err then
      vim.notify("werk: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    elseif type(result) == "table" and result.applied == false then
      vim.notify("werk: not applied: " .. tostring(result.reason), vim.log.levels.WARN)
    else
      vim.notify("werk: " .. (choice == proposal.apply and "applied" or "rejected"))
    end
  end)
end

--- `werk run --repo ROOT TASK` in a terminal split: the agent's headless job.
function M.run_on_workspace(root, task, cmd)
  local program = cmd and cmd[1] or require("werk.executable").find(root)
  if program == nil then
    vim.notify(require("werk.executable").missing_message(root), vim.log.levels.ERROR)
    return nil
  end
  vim.cmd("botright new")
  return vim.fn.termopen({ program, "run", "--repo", root, task }, { cwd = root })
end

return M
