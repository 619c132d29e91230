/** The exit code the finished command asks for (0 ok, 1 could not run, 2 found problems). */
let code = 0;

export function setExitCode(c: number): void {
  code = Math.max(code, c);
}

export function exitCode(): number {
  return code;
}
