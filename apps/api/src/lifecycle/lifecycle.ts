// What main.ts needs from this folder, in one import.
export { closeOnSignals } from './shutdown';
export { SchemaNotReadyError } from './schema-state';
export { beforeStart } from './start-role';
