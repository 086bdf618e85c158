// Starts dynalite (a DynamoDB emulator) on a free loopback port and prints {"port": N} once ready.
// Usage: node tools/dynalite.js [dataDir]   (no dataDir: in memory)
// It exits when its stdin closes, so it never outlives the JVM or shell that started it.
'use strict';
const dynalite = require('dynalite');

const dataDir = process.argv[2];
const server = dynalite(dataDir ? { path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }
                                : { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', (err) => {
  if (err) { console.error(err); process.exit(1); }
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
