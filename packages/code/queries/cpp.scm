; #include, calls, `new` and string literals; src/ts/lang/c.ts turns captures into facts.
(preproc_include) @import
(call_expression function: (_) arguments: (argument_list) @args) @call
(new_expression type: (_) arguments: (argument_list) @args) @new
(string_literal) @string
(raw_string_literal) @string
