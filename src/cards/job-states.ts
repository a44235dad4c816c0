import type { OperationState } from '../operations/model.ts';

/** Adaptive Cards' text colours that carry meaning on our cards. */
export type StateColor = 'good' | 'attention' | 'warning' | 'accent' | 'default';

export interface StateLabel {
  label: string;
  color: StateColor;
}

const OPERATION_STATE_LABELS: Readonly<Record<OperationState, StateLabel>> = {
  running: { label: 'Running', color: 'accent' },
  completed: { label: 'Completed', color: 'good' },
  completed_with_errors: { label: 'Completed with errors', color: 'warning' },
  cancelled: { label: 'Cancelled', color: 'warning' },
  failed: { label: 'Failed', color: 'attention' },
};

export function describeOperationState(state: OperationState): StateLabel {
  return OPERATION_STATE_LABELS[state];
}
