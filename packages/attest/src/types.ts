export type ChangeClass = 'none' | 'minor' | 'material';
export const CHANGE_CLASSES: readonly ChangeClass[] = ['none', 'minor', 'material'];

/** Where a trigger's evidence is: a file of the current tree or of the baseline dossier, with a place in it. */
export interface TriggerEvidence {
  /** `current` = the project tree; `baseline` = a document of the baseline dossier. */
  in: 'current' | 'baseline';
  path: string;
  line?: number;
  field?: string;
  note?: string;
}

export interface Trigger {
  rule: string;
  changeClass: ChangeClass;
  /** The thing that changed: a component key, an algorithm, a host, a file. */
  subject: string;
  message: string;
  before?: string;
  after?: string;
  evidence: TriggerEvidence[];
}
