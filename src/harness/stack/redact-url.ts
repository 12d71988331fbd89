// One home for redaction: the runtime's, so every layer above can use it.
export { redactUrl } from 'resumable-jobs/runtime';
