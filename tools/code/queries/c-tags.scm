; Symbols of C source for werk's index and repository map.
;
; Captures follow the tree-sitter tags convention: @name is the identifier,
; @definition.<category> / @reference.<category> the node it belongs to.
; When several patterns tag the same identifier, the first pattern in this
; file wins.

; --- Definitions --------------------------------------------------------

(function_definition
  declarator: (function_declarator
    declarator: (identifier) @name)) @definition.function

(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator
      declarator: (identifier) @name))) @definition.function

(function_definition
  declarator: (pointer_declarator
    declarator: (pointer_declarator
      declarator: (function_declarator
        declarator: (identifier) @name)))) @definition.function

; Prototypes, mostly in headers: where other files learn a function's signature.
(declaration
  declarator: (function_declarator
    declarator: (identifier) @name)) @definition.prototype

(declaration
  declarator: (pointer_declarator
    declarator: (function_declarator
      declarator: (identifier) @name))) @definition.prototype

(struct_specifier
  name: (type_identifier) @name
  body: (_)) @definition.struct

(union_specifier
  name: (type_identifier) @name
  body: (_)) @definition.union

(enum_specifier
  name: (type_identifier) @name
  body: (_)) @definition.enum

(enumerator
  name: (identifier) @name) @definition.constant

(type_definition
  declarator: (type_identifier) @name) @definition.typedef

(type_definition
  declarator: (pointer_declarator
    declarator: (type_identifier) @name)) @definition.typedef

; typedef void (*callback_t)(int);
(type_definition
  declarator: (function_declarator
    declarator: (parenthesized_declarator
      (pointer_declarator
        declarator: (type_identifier) @name)))) @definition.typedef

(preproc_def
  name: (identifier) @name) @definition.macro

(preproc_function_def
  name: (identifier) @name) @definition.macro

; File-scope variables (globals and their extern declarations).
(translation_unit
  (declaration
    declarator: (identifier) @name) @definition.variable)

(translation_unit
  (declaration
    declarator: (init_declarator
      declarator: (identifier) @name)) @definition.variable)

(translation_unit
  (declaration
    declarator: (array_declarator
      declarator: (identifier) @name)) @definition.variable)

(translation_unit
  (declaration
    declarator: (init_declarator
      declarator: (array_declarator
        declarator: (identifier) @name))) @definition.variable)

; --- References ---------------------------------------------------------

(call_expression
  function: (identifier) @name) @reference.call

(call_expression
  function: (field_expression
    field: (field_identifier) @name)) @reference.call

(_
  type: (type_identifier) @name) @reference.type

(_
  type: (struct_specifier
    name: (type_identifier) @name
    !body)) @reference.type

(_
  type: (union_specifier
    name: (type_identifier) @name
    !body)) @reference.type

(_
  type: (enum_specifier
    name: (type_identifier) @name
    !body)) @reference.type

; Names used as values: macros, enumerators and globals.
(argument_list
  (identifier) @name) @reference.identifier

(binary_expression
  (identifier) @name) @reference.identifier

(assignment_expression
  right: (identifier) @name) @reference.identifier

(init_declarator
  value: (identifier) @name) @reference.identifier

(return_statement
  (identifier) @name) @reference.identifier

(case_statement
  value: (identifier) @name) @reference.identifier

(subscript_expression
  (identifier) @name) @reference.identifier

(array_declarator
  size: (identifier) @name) @reference.identifier
