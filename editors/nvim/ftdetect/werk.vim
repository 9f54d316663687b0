" Structured Text (IEC 61131-3, CODESYS/TwinCAT, Siemens SCL) and TwinCAT's
" XML containers. `set` rather than `setfiletype`: Vim's own detection calls
" *.st Smalltalk, which a PLC project never means.
autocmd BufRead,BufNewFile *.st,*.scl,*.iecst,*.TcPOU,*.TcGVL,*.TcDUT,*.tcpou,*.tcgvl,*.tcdut set filetype=iecst
