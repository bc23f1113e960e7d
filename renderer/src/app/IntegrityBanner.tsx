import { useApp, useNotices } from './context';

export const INTEGRITY_MESSAGE =
  'Fieldbook found damage in its database after an unexpected shutdown. Your data is still readable; make a copy of the data folder and contact support.';

/** Stays until dismissed: a damaged database is not something a toast should let slip by. */
export function IntegrityBanner() {
  const { notices } = useApp();
  const problems = useNotices((s) => s.integrityProblems);
  if (problems === null) return null;
  const [first] = problems;
  return (
    <div className="notice" role="alert">
      <div className="notice__body">
        <p>{INTEGRITY_MESSAGE}</p>
        {first !== undefined ? (
          <details>
            <summary>Details</summary>
            <p className="notice__detail">{first}</p>
          </details>
        ) : null}
      </div>
      <button type="button" className="button" onClick={() => notices.getState().dismissIntegrity()}>
        Dismiss
      </button>
    </div>
  );
}
