/** Long stages report progress through this; the CLI draws it on a TTY and nowhere else. */
export interface Progress {
  start(label: string, total?: number): void;
  update(done: number, detail?: string): void;
  stop(): void;
}

export const silentProgress: Progress = {
  start() {},
  update() {},
  stop() {},
};
