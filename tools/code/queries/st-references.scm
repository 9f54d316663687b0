; References in IEC 61131-3 Structured Text, added to the tags query that
; ships with tree-sitter-iec61131-3-st (which tags definitions and calls).
;
; Type uses in declarations link an instance to its FUNCTION_BLOCK, STRUCT or
; enumeration; identifiers in statements link code to the globals, constants
; and enumerations it reads and writes. Names are case-insensitive in ST: the
; index folds them to lower case for linking.

; --- Type uses ----------------------------------------------------------

(variable_declaration
  type: (identifier) @name) @reference.type

(structure_field
  type: (identifier) @name) @reference.type

(array_type
  element_type: (identifier) @name) @reference.type

(function_declaration
  return_type: (identifier) @name) @reference.type

(method_declaration
  return_type: (identifier) @name) @reference.type

(function_block_declaration
  extends: (identifier) @name) @reference.type

(function_block_declaration
  implements: (identifier) @name) @reference.type

; --- Identifiers in statements ------------------------------------------

(assignment_statement
  (identifier) @name) @reference.identifier

(reference_assignment_statement
  (identifier) @name) @reference.identifier

(member_access_expression
  object: (identifier) @name) @reference.identifier

(argument_list
  (identifier) @name) @reference.identifier

(named_argument
  value: (identifier) @name) @reference.identifier

(binary_expression
  (identifier) @name) @reference.identifier

(unary_expression
  (identifier) @name) @reference.identifier

(parenthesized_expression
  (identifier) @name) @reference.identifier

(index_expression
  (identifier) @name) @reference.identifier

(if_statement
  condition: (identifier) @name) @reference.identifier

(elsif_clause
  condition: (identifier) @name) @reference.identifier

(while_statement
  condition: (identifier) @name) @reference.identifier

(repeat_statement
  condition: (identifier) @name) @reference.identifier

(case_statement
  subject: (identifier) @name) @reference.identifier

(case_value
  (identifier) @name) @reference.identifier

(for_statement
  start: (identifier) @name) @reference.identifier

(for_statement
  end: (identifier) @name) @reference.identifier

(address_of_expression
  (identifier) @name) @reference.identifier
