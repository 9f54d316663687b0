-- Where `werk` is: the same order as the VS Code extension uses, so one
-- project behaves alike in both editors.
--   (0. `cmd` given to setup(), handled by the caller)
--   1. <root>/.venv, <root>/venv, <root>/env (the project's own environment)
--   2. $VIRTUAL_ENV/bin/werk (the environment Neovim was started from)
--   3. werk on PATH
local M = {}

M.VENV_DIRS = { ".venv", "venv", "env" }

local function runnable(path)
  return path ~= nil and vim.fn.executable(path) == 1
end

function M.candidates(root)
  local found = {}
  for _, dir in ipairs(M.VENV_DIRS) do
    table.insert(found, root .. "/" .. dir .. "/bin/werk")
  end
  if vim.env.VIRTUAL_ENV and vim.env.VIRTUAL_ENV ~= "" then
    table.insert(found, vim.env.VIRTUAL_ENV .. "/bin/werk")
  end
  return found
end

--- The werk executable for a project root, or nil.
function M.find(root)
  for _, candidate in ipairs(M.candidates(root)) do
    if runnable(candidate) then
      return candidate
    end
  end
  local on_path = vim.fn.exepath("werk")
  if on_path ~= "" then
    return on_path
  end
  return nil
end

function M.missing_message(root)
  return "werk: no werk executable in "
    .. root
    .. "/{.venv,venv,env}, $VIRTUAL_ENV or PATH; install it (pip install werk) or pass cmd = { '/path/to/werk', 'serve' } to require('werk').setup()"
end

return M
