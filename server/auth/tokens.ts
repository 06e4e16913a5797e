import { SignJWT, jwtVerify } from 'jose';
import type { Role } from '../../common/users';

export const TOKEN_TTL_SECONDS = 12 * 60 * 60;

export interface TokenClaims {
  sub: string;
  role: Role;
}

export async function signToken(secret: Uint8Array, claims: TokenClaims, ttlSeconds = TOKEN_TTL_SECONDS): Promise<string> {
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(secret);
}

/** Returns the token's user id, or null for a missing, forged or expired token. */
export async function verifyToken(secret: Uint8Array, token: string | undefined): Promise<string | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] });
    return typeof payload.sub === 'string' ? payload.sub : null;
  } catch {
    return null;
  }
}
