/**
 * Google's OAuth 2.0 token endpoint for service accounts (the JWT-bearer grant; vendor-push-protocols.md §2.1):
 * `POST` form `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>`. The assertion must be an
 * RS256 JWT from a registered account (`iss`), signed with its key, with `aud` one of the token URLs Google
 * clients use, a `scope`, and `iat`/`exp` at most one hour apart around now. Answers are OAuth (RFC 6749) bodies,
 * not google.rpc ones: `{"access_token","expires_in","token_type":"Bearer"}` or `{"error","error_description"}`
 * with Google's wording (🔎 captured: "Invalid JWT Signature.", "Invalid grant: account not found", the
 * short-lived-token text; ⚠️ the others).
 */
import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';

export interface ServiceAccountRegistration {
  clientEmail: string;
  projectId: string;
  /** SPKI PEM of the account's key. */
  publicKeyPem: string;
  /** When set, an assertion's `kid` must match it. */
  privateKeyId?: string;
}

export interface IssuedAccessToken {
  clientEmail: string;
  projectId: string;
  scopes: readonly string[];
  expiresAt: number;
}

export interface OAuthReply {
  status: number;
  body: Record<string, unknown>;
}

interface Account {
  projectId: string;
  key: KeyObject;
  privateKeyId: string | undefined;
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** The `aud` values real Google clients send (current endpoint, gtoken's and older firebase-admin's, 🔎). */
const GOOGLE_AUDIENCES = ['https://oauth2.googleapis.com/token', 'https://www.googleapis.com/oauth2/v4/token', 'https://accounts.google.com/o/oauth2/token'];
const MAX_ASSERTION_LIFETIME_S = 3600;
/** How far ahead of the emulator's clock an `iat` may be. */
const CLOCK_SKEW_S = 300;
const WINDOW_ERROR =
  'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';

function oauthError(error: string, description: string, status = 400): OAuthReply {
  return { status, body: { error, error_description: description } };
}

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  if (part === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface TokenEndpoint {
  register(r: ServiceAccountRegistration): void;
  unregister(clientEmail: string): void;
  /** Handles one token request body (form-encoded). */
  exchange(form: string): OAuthReply;
  lookup(accessToken: string): IssuedAccessToken | undefined;
  /** Every token issued so far stops working. */
  revokeAll(): void;
  readonly issued: number;
  clearTokens(): void;
}

export function createTokenEndpoint(o: { clock: () => number; ownUrl: () => string; lifetimeSeconds: number }): TokenEndpoint {
  const accounts = new Map<string, Account>();
  const tokens = new Map<string, IssuedAccessToken>();
  let issued = 0;

  function assertionProblem(jwt: string, now: number): OAuthReply | { account: Account; email: string; scopes: string[] } {
    const parts = jwt.split('.');
    const header = decodePart(parts[0]);
    const claims = decodePart(parts[1]);
    if (parts.length !== 3 || header === undefined || claims === undefined) return oauthError('invalid_grant', 'Invalid JWT Signature.');
    const email = claims['iss'];
    const account = typeof email === 'string' ? accounts.get(email) : undefined;
    if (account === undefined || typeof email !== 'string') return oauthError('invalid_grant', 'Invalid grant: account not found');
    const kidMismatch = account.privateKeyId !== undefined && header['kid'] !== undefined && header['kid'] !== account.privateKeyId;
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    const signatureOk = header['alg'] === 'RS256' && !kidMismatch && verify('sha256', signed, account.key, Buffer.from(parts[2] ?? '', 'base64url'));
    if (!signatureOk) return oauthError('invalid_grant', 'Invalid JWT Signature.');
    const aud = claims['aud'];
    if (typeof aud !== 'string' || !(aud === o.ownUrl() || GOOGLE_AUDIENCES.includes(aud))) {
      return oauthError('invalid_grant', 'Invalid JWT: Failed audience check.');
    }
    const iat = claims['iat'];
    const exp = claims['exp'];
    if (typeof iat !== 'number') return oauthError('invalid_grant', 'Invalid JWT: iat (issued at) is not set.');
    if (typeof exp !== 'number') return oauthError('invalid_grant', 'Invalid JWT: exp (expiration time) is not set.');
    const nowS = now / 1000;
    if (exp - iat > MAX_ASSERTION_LIFETIME_S || exp <= nowS || iat > nowS + CLOCK_SKEW_S || exp < iat) return oauthError('invalid_grant', WINDOW_ERROR);
    const scope = claims['scope'];
    const scopes = typeof scope === 'string' ? scope.split(' ').filter((s) => s !== '') : [];
    if (scopes.length === 0) return oauthError('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
    return { account, email, scopes };
  }

  return {
    register(r) {
      accounts.set(r.clientEmail, { projectId: r.projectId, key: createPublicKey(r.publicKeyPem), privateKeyId: r.privateKeyId });
    },
    unregister(clientEmail) {
      accounts.delete(clientEmail);
      for (const [value, t] of tokens) if (t.clientEmail === clientEmail) tokens.delete(value);
    },
    exchange(form) {
      const params = new URLSearchParams(form);
      const grantType = params.get('grant_type');
      if (grantType !== JWT_BEARER) return oauthError('unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
      const assertion = params.get('assertion');
      if (assertion === null || assertion === '') return oauthError('invalid_request', 'Missing required parameter: assertion');
      const now = o.clock();
      const checked = assertionProblem(assertion, now);
      if ('status' in checked) return checked;
      const value = `ya29.${randomBytes(60).toString('base64url')}`;
      const expiresAt = now + o.lifetimeSeconds * 1000;
      tokens.set(value, { clientEmail: checked.email, projectId: checked.account.projectId, scopes: checked.scopes, expiresAt });
      issued++;
      return { status: 200, body: { access_token: value, expires_in: o.lifetimeSeconds, token_type: 'Bearer' } };
    },
    lookup(accessToken) {
      const t = tokens.get(accessToken);
      if (t === undefined) return undefined;
      if (o.clock() >= t.expiresAt) {
        tokens.delete(accessToken);
        return undefined;
      }
      return t;
    },
    revokeAll() {
      tokens.clear();
    },
    get issued() {
      return issued;
    },
    clearTokens() {
      tokens.clear();
      issued = 0;
    },
  };
}
