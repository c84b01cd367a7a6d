import pg from 'pg';

// Plain JavaScript so the root type check (tsconfig includes bench/) never needs this folder's
// own node_modules: `pg` is installed by bench/peers/package.json only.

/** Runs one statement (CREATE/DROP DATABASE) on the admin connection `url`. */
export async function adminQuery(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
