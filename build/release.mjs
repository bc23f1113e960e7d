// Release identity shared by the packager configuration (build/electron-builder.config.mjs) and the shell
// bundle (scripts/build.mjs bakes the Windows publisher names into main.cjs for the update check).

export const APP_ID = 'com.fieldbook.desktop';
export const PRODUCT_NAME = 'Fieldbook';
export const EXECUTABLE_NAME = 'fieldbook';

/** The variable naming the Windows code-signing certificate subject(s), separated by `|`. */
export const WIN_PUBLISHER_ENV = 'FIELDBOOK_WIN_PUBLISHER';

/**
 * The Windows code-signing subjects updates must be signed by, e.g.
 * `FIELDBOOK_WIN_PUBLISHER="CN=Example Corp, O=Example Corp, L=Springfield, C=US"`. Empty when unset: such a
 * build gets no updates on Windows (the update check fails closed).
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string[]}
 */
export function windowsPublishers(env = process.env) {
  return (env[WIN_PUBLISHER_ENV] ?? '')
    .split('|')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
