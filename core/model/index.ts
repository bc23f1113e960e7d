export * from './errors';
export * from './ids';
export * from './enums';
export * from './catalog';
export * from './account';
export * from './profile';
export * from './time';
export * from './sync';
