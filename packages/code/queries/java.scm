; Imports, method calls, constructors and string literals; src/ts/lang/java.ts turns captures into facts.
(import_declaration) @import
(method_invocation name: (identifier) arguments: (argument_list) @args) @call
(object_creation_expression type: (_) arguments: (argument_list) @args) @new
(string_literal) @string
