" Comments and commentstring for Structured Text buffers; the language server
" itself starts only when require("werk").setup() is called.
augroup werk_iecst_options
  autocmd!
  autocmd FileType iecst setlocal commentstring=//\ %s comments=s1:(*,mb:*,ex:*),://
augroup END
