; use/require/include, calls, object creation and string literals; src/ts/lang/php.ts turns captures into facts.
(namespace_use_declaration) @import
(require_expression) @import
(require_once_expression) @import
(include_expression) @import
(include_once_expression) @import
(function_call_expression function: (_) arguments: (arguments) @args) @call
(member_call_expression object: (_) name: (_) arguments: (arguments) @args) @call
(nullsafe_member_call_expression object: (_) name: (_) arguments: (arguments) @args) @call
(scoped_call_expression scope: (_) name: (_) arguments: (arguments) @args) @call
(object_creation_expression [(name) (qualified_name)] (arguments) @args) @new
(string) @string
(encapsed_string) @string
