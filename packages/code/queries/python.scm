; Imports, calls (callee + arguments) and string literals; src/ts/lang/python.ts turns captures into facts.
(import_statement) @import
(import_from_statement) @import
(call function: (_) arguments: (argument_list) @args) @call
(string) @string
