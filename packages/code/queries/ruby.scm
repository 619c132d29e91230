; Method calls (require is a call too) and string literals; src/ts/lang/ruby.ts turns captures into facts.
(call method: (_) arguments: (argument_list)? @args) @call
(string) @string
