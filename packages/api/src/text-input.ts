import { z } from 'zod';

/**
 * Every string an input takes. PostgreSQL text cannot hold the NUL character: as a parameter it
 * is refused, and inlined into a statement it breaks the wire protocol (SQLSTATE 08P01). So it
 * is refused here, at the edge, as a BAD_REQUEST that names the field.
 */
export function text() {
  return z.string().regex(/^[^\0]*$/, { error: 'Must not contain the NUL character (\\u0000)' });
}
