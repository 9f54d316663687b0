" Structured Text highlighting for Neovim versions without semantic tokens
" (before 0.9): keywords, types, literals, addresses and comments.
if exists("b:current_syntax")
  finish
endif
syntax case ignore
syntax keyword iecstPou PROGRAM END_PROGRAM FUNCTION_BLOCK END_FUNCTION_BLOCK FUNCTION END_FUNCTION METHOD END_METHOD PROPERTY END_PROPERTY ACTION END_ACTION INTERFACE END_INTERFACE TYPE END_TYPE STRUCT END_STRUCT EXTENDS IMPLEMENTS
syntax keyword iecstSection VAR VAR_INPUT VAR_OUTPUT VAR_IN_OUT VAR_GLOBAL VAR_EXTERNAL VAR_TEMP VAR_INST VAR_STAT END_VAR CONSTANT RETAIN PERSISTENT AT
syntax keyword iecstControl IF THEN ELSIF ELSE END_IF CASE OF END_CASE FOR TO BY DO END_FOR WHILE END_WHILE REPEAT UNTIL END_REPEAT RETURN EXIT CONTINUE REGION END_REGION BEGIN
syntax keyword iecstOperator AND OR XOR NOT MOD AND_THEN OR_ELSE
syntax keyword iecstType BOOL BYTE WORD DWORD LWORD SINT INT DINT LINT USINT UINT UDINT ULINT REAL LREAL TIME LTIME DATE TIME_OF_DAY TOD DATE_AND_TIME DT STRING WSTRING ARRAY POINTER REFERENCE
syntax keyword iecstFb TON TOF TP R_TRIG F_TRIG CTU CTD CTUD SR RS
syntax keyword iecstBoolean TRUE FALSE
syntax match iecstNumber "\<\(2#[01_]\+\|8#[0-7_]\+\|16#[0-9a-f_]\+\|\d[0-9_]*\(\.\d\+\)\=\(e[-+]\=\d\+\)\=\)\>"
syntax match iecstTime "\<\(l\=t\|l\=time\|d\|date\|tod\|dt\)#[-0-9a-z_.:]\+"
syntax match iecstAddress "%[iqm][xbwdl]\=[0-9.]\+"
syntax region iecstString start="'" end="'"
syntax region iecstComment start="(\*" end="\*)" contains=iecstComment
syntax match iecstComment "//.*$"
syntax region iecstPragma start="{" end="}"
highlight default link iecstPou Structure
highlight default link iecstSection StorageClass
highlight default link iecstControl Conditional
highlight default link iecstOperator Operator
highlight default link iecstType Type
highlight default link iecstFb Type
highlight default link iecstBoolean Boolean
highlight default link iecstNumber Number
highlight default link iecstTime Constant
highlight default link iecstAddress Identifier
highlight default link iecstString String
highlight default link iecstComment Comment
highlight default link iecstPragma PreProc
let b:current_syntax = "iecst"
