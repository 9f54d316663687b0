; Symbols of C++ source for werk's index and repository map.
;
; Captures follow the tree-sitter tags convention: @name is the identifier,
; @definition.<category> / @reference.<category> the node it belongs to.
; When several patterns tag the same identifier, the first pattern in this
; file wins, so templates and methods come before classes and functions.

; --- Definitions --------------------------------------------------------

(template_declaration
  (class_specifier
    name: (type_identifier) @name
    body: (_)) @definition.template)

(template_declaration
  (struct_specifier
    name: (type_identifier) @name
    body: (_)) @definition.template)

(template_declaration
  (function_definition
    declarator: (function_declarator
      declarator: [(identifier) (field_identifier)] @name)) @definition.template)

(template_declaration
  (function_definition
    declarator: (function_declarator
      declarator: (qualified_identifier
        name: (identifier) @name))) @definition.template)

(template_declaration
  (alias_declaration
    name: (type_identifier) @name) @definition.template)

; Methods defined or declared inside a class body.
(field_declaration_list
  (function_definition
    declarator: (function_declarator
      declarator: (field_identifier) @name)) @definition.method)

(field_declaration_list
  (field_declaration
    declarator: (function_declarator
      declarator: (field_identifier) @name)) @definition.method)

(field_declaration_list
  (declaration
    declarator: (function_declarator
      declarator: (identifier) @name)) @definition.method)

; Methods defined outside their class: `void Pump::start() { ... }`.
(function_definition
  declarator: (function_declarator
    declarator: (qualified_identifier
      name: (identifier) @name))) @definition.method

(function_definition
  declarator: (reference_declarator
    (function_declarator
      declarator: (qualified_identifier
        name: (identifier) @name)))) @definition.method

(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator
      declarator: (qualified_identifier
        name: (identifier) @name)))) @definition.method

(class_specifier
  name: (type_identifier) @name
  body: (_)) @definition.class

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

(namespace_definition
  name: (namespace_identifier) @name) @definition.namespace

(function_definition
  declarator: (function_declarator
    declarator: (identifier) @name)) @definition.function

(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator
      declarator: (identifier) @name))) @definition.function

(function_definition
  declarator: (reference_declarator
    (function_declarator
      declarator: (identifier) @name))) @definition.function

(declaration
  declarator: (function_declarator
    declarator: (identifier) @name)) @definition.prototype

(type_definition
  declarator: (type_identifier) @name) @definition.typedef

(type_definition
  declarator: (pointer_declarator
    declarator: (type_identifier) @name)) @definition.typedef

(alias_declaration
  name: (type_identifier) @name) @definition.typedef

(preproc_def
  name: (identifier) @name) @definition.macro

(preproc_function_def
  name: (identifier) @name) @definition.macro

(translation_unit
  (declaration
    declarator: (init_declarator
      declarator: (identifier) @name)) @definition.variable)

(translation_unit
  (declaration
    declarator: (identifier) @name) @definition.variable)

; --- References ---------------------------------------------------------

(call_expression
  function: (identifier) @name) @reference.call

(call_expression
  function: (qualified_identifier
    name: (identifier) @name)) @reference.call

(call_expression
  function: (field_expression
    field: (field_identifier) @name)) @reference.call

(call_expression
  function: (template_function
    name: (identifier) @name)) @reference.call

(call_expression
  function: (qualified_identifier
    name: (template_function
      name: (identifier) @name))) @reference.call

(call_expression
  function: (field_expression
    field: (template_method
      name: (field_identifier) @name))) @reference.call

(_
  type: (type_identifier) @name) @reference.type

(_
  type: (qualified_identifier
    name: (type_identifier) @name)) @reference.type

(template_type
  name: (type_identifier) @name) @reference.type

(base_class_clause
  (type_identifier) @name) @reference.type

(base_class_clause
  (qualified_identifier
    name: (type_identifier) @name)) @reference.type

(_
  type: (struct_specifier
    name: (type_identifier) @name
    !body)) @reference.type

(_
  type: (class_specifier
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
