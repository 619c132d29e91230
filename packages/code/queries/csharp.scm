; using directives, invocations, object creation and string literals; src/ts/lang/csharp.ts turns captures into facts.
(using_directive) @import
(invocation_expression function: (_) arguments: (argument_list) @args) @call
(object_creation_expression type: (_) arguments: (argument_list) @args) @new
(string_literal) @string
(verbatim_string_literal) @string
(raw_string_literal) @string
(interpolated_string_expression) @string
