; #include, calls and string literals; src/ts/lang/c.ts turns captures into facts.
(preproc_include) @import
(call_expression function: (_) arguments: (argument_list) @args) @call
(string_literal) @string
