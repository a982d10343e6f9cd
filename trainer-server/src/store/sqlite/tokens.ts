import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError } from '../errors.js';
import type { ApiToken, Role, TokenStore } from '../ports.js';
import { checkName } from '../validate.js';
import type { SqliteContext } from './context.js';

interface TokenRow {
  name: string;
  role: Role;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

/** Secrets are random, so a plain sha256 is enough to find them and useless to whoever reads the file. */
const MIN_SECRET_LENGTH = 32;
const sha256 = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function createTokenStore(ctx: SqliteContext): TokenStore {
  const { db } = ctx;
  const columns = 'name, role, created_at, created_by, revoked_at';
  const byName = db.prepare<[string], TokenRow>(`SELECT ${columns} FROM api_tokens WHERE name = ?`);
  const byHash = db.prepare<[string], TokenRow>(
    `SELECT ${columns} FROM api_tokens WHERE token_sha256 = ? AND revoked_at IS NULL`,
  );
  const hashTaken = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM api_tokens WHERE token_sha256 = ?',
  );
  const all = db.prepare<[], TokenRow>(`SELECT ${columns} FROM api_tokens ORDER BY created_at, name`);
  const insert = db.prepare<[string, string, string, string, string]>(
    'INSERT INTO api_tokens (name, role, token_sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?)',
  );
  const revoke = db.prepare<[string, string, string]>(
    'UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE name = ? AND revoked_at IS NULL',
  );

  return {
    create({ name, role, secret }, by) {
      checkName('name', name);
      if (role !== 'annotator' && role !== 'admin')
        throw new RangeError('role must be "annotator" or "admin"');
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
        throw new RangeError(`a token secret must have at least ${MIN_SECRET_LENGTH} characters`);
      }
      const hash = sha256(secret);
      return ctx.write(() => {
        if (byName.get(name)) throw new ConflictError(`a token named ${name} already exists`);
        if (hashTaken.get(hash)) {
          throw new ConflictError('that secret is already in use; generate a new one');
        }
        insert.run(name, role, hash, ctx.now(), by.name);
        ctx.audit(by.name, 'token.create', `token:${name}`, { role });
        return toToken(byName.get(name)!);
      });
    },
    authenticate(secret) {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return undefined;
      const row = byHash.get(sha256(secret));
      return row && toToken(row);
    },
    revoke(name, by) {
      return ctx.write(() => {
        if (!byName.get(name)) throw new NotFoundError('token', name);
        if (revoke.run(ctx.now(), by.name, name).changes === 1) {
          ctx.audit(by.name, 'token.revoke', `token:${name}`);
        }
        return toToken(byName.get(name)!);
      });
    },
    list: () => all.all().map(toToken),
  };
}

function toToken(row: TokenRow): ApiToken {
  return {
    name: row.name,
    role: row.role,
    createdAt: new Date(row.created_at),
    createdBy: row.created_by,
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
  };
}
