/** Time export and import, as buttons that open their dialogs: the Time page places them. */
export { TimeExportButton } from './TimeExportButton';
export { TimeImportButton } from './TimeImportButton';
