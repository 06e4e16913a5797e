import { SignJWT, jwtVerify } from 'jose';
import type { Role } from '../../common/users';

export const TOKEN_TTL_SECONDS = 12 * 60 * 60;

export interface TokenClaims {
  sub: string;
  role: Role;
  /** The user's token version when it was issued (users.token_version); a new user's is 0. */
  ver?: number;
}

/** What a valid token says: whose it is, which of their sign-ins, and until when. */
export interface VerifiedToken {
  userId: string;
  version: number;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export async function signToken(secret: Uint8Array, claims: TokenClaims, ttlSeconds = TOKEN_TTL_SECONDS): Promise<string> {
  return new SignJWT({ role: claims.role, ver: claims.ver ?? 0 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(secret);
}

/** Returns what the token says, or null for a missing, forged or expired token, or one without a version (issued before versions existed). */
export async function verifyToken(secret: Uint8Array, token: string | undefined): Promise<VerifiedToken | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] });
    const { sub, ver, exp } = payload;
    if (typeof sub !== 'string' || typeof exp !== 'number' || typeof ver !== 'number' || !Number.isSafeInteger(ver)) return null;
    return { userId: sub, version: ver, expiresAt: exp * 1000 };
  } catch {
    return null;
  }
}
