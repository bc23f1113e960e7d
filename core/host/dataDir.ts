export { resolveDataDir } from '../store/dataDir';
