; Symbols of Python source for werk's index and repository map.
;
; Captures follow the tree-sitter tags convention: @name is the identifier,
; @definition.<category> / @reference.<category> the node it belongs to.
; When several patterns tag the same identifier, the first pattern in this
; file wins, so specific patterns (methods) come before general ones
; (functions).

; --- Definitions --------------------------------------------------------

(class_definition
  name: (identifier) @name) @definition.class

(class_definition
  body: (block
    (function_definition
      name: (identifier) @name) @definition.method))

(class_definition
  body: (block
    (decorated_definition
      definition: (function_definition
        name: (identifier) @name) @definition.method)))

(function_definition
  name: (identifier) @name) @definition.function

; Class attributes, e.g. dataclass fields: `pump: Pump`, `rate = 3`.
(class_definition
  body: (block
    (expression_statement
      (assignment
        left: (identifier) @name) @definition.field)))

; Module-level names: constants, aliases, singletons.
(module
  (expression_statement
    (assignment
      left: (identifier) @name) @definition.variable))

; --- References ---------------------------------------------------------

(call
  function: (identifier) @name) @reference.call

(call
  function: (attribute
    attribute: (identifier) @name)) @reference.call

(decorator
  (identifier) @name) @reference.call

(decorator
  (attribute
    attribute: (identifier) @name)) @reference.call

(class_definition
  superclasses: (argument_list
    (identifier) @name)) @reference.type

(class_definition
  superclasses: (argument_list
    (attribute
      attribute: (identifier) @name))) @reference.type

(type
  (identifier) @name) @reference.type

(type
  (attribute
    attribute: (identifier) @name)) @reference.type

(generic_type
  (identifier) @name) @reference.type

(except_clause
  (identifier) @name) @reference.type

(import_from_statement
  name: (dotted_name
    (identifier) @name)) @reference.import

(import_from_statement
  name: (aliased_import
    name: (dotted_name
      (identifier) @name))) @reference.import
