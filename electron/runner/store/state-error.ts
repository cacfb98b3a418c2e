/**
 * The project's state folder cannot be used as it is (a damaged runs.db, one from a newer
 * Pipewright): a problem to say as such, with what to do, not an internal error. Its own module,
 * so that the CLI can tell it without loading the database.
 */
export class StateError extends Error {}
