import { ACTION_STATUS_LABELS, CLOSED_ACTION_STATUSES } from '../../../../core/model';
import type { ActionItemView, ActionStatus } from '../../../../core/model';
import { errorMessage } from '../../api/client';
import { useApp } from '../../app/context';

/**
 * Status changes and deletes as every list of action items makes them, each confirmed by a toast; the ones
 * that take an item out of view (done, dropped, deleted) carry Undo.
 */
export function useActionCommands(): {
  setStatus: (item: ActionItemView, status: ActionStatus) => void;
  remove: (item: ActionItemView) => void;
} {
  const { actions, toasts } = useApp();
  const say = (message: string, undo?: () => Promise<unknown>) =>
    toasts.getState().show({
      message,
      ...(undo
        ? {
            action: {
              label: 'Undo',
              run: async () => {
                try {
                  await undo();
                } catch (error) {
                  toasts.getState().show({ message: errorMessage(error) });
                }
              },
            },
          }
        : {}),
    });

  return {
    setStatus: (item, status) => {
      void actions
        .getState()
        .setStatus(item.id, status)
        .then(
          () => {
            const closes = CLOSED_ACTION_STATUSES.includes(status);
            say(`${ACTION_STATUS_LABELS[status]}: ${item.title}`, closes ? () => actions.getState().setStatus(item.id, item.status) : undefined);
          },
          (error: unknown) => say(errorMessage(error)),
        );
    },
    remove: (item) => {
      void actions
        .getState()
        .remove(item.id)
        .then(
          () => say(`Deleted: ${item.title}`, () => actions.getState().restore(item.id)),
          (error: unknown) => say(errorMessage(error)),
        );
    },
  };
}
