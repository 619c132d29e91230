; Imports, calls (callee + arguments) and string literals; src/ts/lang/go.ts turns captures into facts.
(import_spec) @import
(call_expression function: (_) arguments: (argument_list) @args) @call
(interpreted_string_literal) @string
(raw_string_literal) @string
