/** Request shapes shared by the console's sign-in routes and its account management on `/api`. */
import { Type } from 'typebox';

export const Username = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._@-]+$', description: '1–64 of A–Z a–z 0–9 . _ @ -; compared exactly' });
export const NewPassword = Type.String({ minLength: 12, maxLength: 256, description: '12–256 characters' });
export const Role = Type.Union([Type.Literal('admin'), Type.Literal('viewer')], { description: "'admin' (everything) or 'viewer' (read-only)" });
