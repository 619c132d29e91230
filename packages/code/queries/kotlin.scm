; Imports, calls (constructors are calls) and string literals; src/ts/lang/kotlin.ts turns captures into facts.
(import_header) @import
(call_expression (_) (call_suffix (value_arguments) @args)) @call
(string_literal) @string
