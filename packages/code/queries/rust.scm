; `use` trees, calls and string literals; src/ts/lang/rust.ts turns captures into facts.
(use_declaration) @import
(extern_crate_declaration) @import
(call_expression function: (_) arguments: (arguments) @args) @call
(string_literal) @string
(raw_string_literal) @string
