/**
 * Most procedure calls one HTTP request may carry. The server refuses a longer batch (each call
 * may take a pooled connection), and the typed client splits its batches to stay within it.
 */
export const maxBatchSize = 20;
