// The pieces of `./scheduler serve` (see docs: architecture.md, "Local run"): a local Step Functions
// endpoint that the real AdminApiHandler's SDK client reaches through AWS_ENDPOINT_URL_SFN (StartExecution
// and ListExecutions over the local runner), and a small HTTP front standing in for API Gateway with its
// JWT authorizer: it checks bearer tokens against a local signing key and builds the same payload 2.0
// event, claims included, list claims in the HTTP API's "[a b]" string form.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ACCOUNT, invokeLambda } from './stack.mjs';

export const ISSUER = 'scheduler-local';
const TOKEN_HOURS = 24;
const MAX_BODY_BYTES = 1024 * 1024;
const ROUTES = [
  { method: 'GET', pattern: /^\/admin\/jobs\/?$/, routeKey: 'GET /admin/jobs' },
  { method: 'POST', pattern: /^\/admin\/jobs\/([^/]+)\/trigger\/?$/, routeKey: 'POST /admin/jobs/{jobName}/trigger' },
  { method: 'GET', pattern: /^\/admin\/jobs\/([^/]+)\/executions\/?$/, routeKey: 'GET /admin/jobs/{jobName}/executions' },
];

/** The local signing key (HS256), generated on first use and kept in the local directory. */
export function signingKey(dir) {
  const file = join(dir, 'admin-signing-key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

export function signToken(claims, key) {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  return `${header}.${payload}.${createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url')}`;
}

/** A super-admin token and a token without the admin group, valid for a day. */
export function localTokens(key, adminGroup) {
  const iat = Math.floor(Date.now() / 1000);
  const common = { iss: ISSUER, aud: ISSUER, token_use: 'id', iat, exp: iat + TOKEN_HOURS * 3600 };
  return {
    admin: signToken({ ...common, sub: 'local-admin', 'cognito:username': 'local-admin', 'cognito:groups': [adminGroup] }, key),
    user: signToken({ ...common, sub: 'local-user', 'cognito:username': 'local-user', 'cognito:groups': ['operators'] }, key),
  };
}

/** The claims of a valid token, or null: HS256 only, signed with our key, from our issuer, not expired. */
export function verifyToken(authorization, key) {
  const match = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(authorization ?? '');
  if (!match) return null;
  const [, header, payload, signature] = match;
  try {
    if (JSON.parse(Buffer.from(header, 'base64url')).alg !== 'HS256') return null;
    const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url'));
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= now) return null;
    if (typeof claims.nbf === 'number' && claims.nbf > now) return null;
    if (claims.iss !== ISSUER) return null;
    return claims;
  } catch {
    return null;
  }
}

/** Claims as an HTTP API JWT authorizer hands them over: every value a string, a list as "[a b]". */
export function authorizerClaims(claims) {
  const out = {};
  for (const [name, value] of Object.entries(claims)) {
    if (Array.isArray(value)) out[name] = `[${value.join(' ')}]`;
    else if (value !== null && typeof value === 'object') out[name] = JSON.stringify(value);
    else out[name] = String(value);
  }
  return out;
}

/**
 * Serves the Step Functions JSON API for the local runner: StartExecution starts a run with `start(job,
 * input, name)` (which answers once the run has started) and ListExecutions lists them by status.
 */
export async function startStepFunctionsEndpoint({ jobs, start, log }) {
  const executions = new Map();
  const server = createServer(async (req, res) => {
    const answer = (status, body) => {
      res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(body));
    };
    try {
      const request = JSON.parse((await readBody(req, MAX_BODY_BYTES)) || '{}');
      const target = req.headers['x-amz-target'];
      const job = jobs.find((j) => request.stateMachineArn?.endsWith(`:stateMachine:${j.name}`));
      if (target === 'AWSStepFunctions.StartExecution') {
        if (!job) return answer(400, { __type: 'StateMachineDoesNotExist', message: `State Machine Does Not Exist: '${request.stateMachineArn}'` });
        let input;
        try {
          input = JSON.parse(request.input ?? '{}');
        } catch {
          return answer(400, { __type: 'InvalidExecutionInput', message: 'the input is not JSON' });
        }
        const run = await start(job, input, request.name ?? randomUUID());
        const entry = {
          executionArn: run.executionArn, stateMachineArn: request.stateMachineArn, name: run.name,
          status: 'RUNNING', startDate: run.startDate / 1000,
        };
        executions.set(run.executionArn, entry);
        run.done.finally(() => {
          entry.status = run.workflowStatus();
          entry.stopDate = Date.now() / 1000;
        }).catch(() => {});
        return answer(200, { executionArn: entry.executionArn, startDate: entry.startDate });
      }
      if (target === 'AWSStepFunctions.ListExecutions') {
        if (!job) return answer(400, { __type: 'StateMachineDoesNotExist', message: `State Machine Does Not Exist: '${request.stateMachineArn}'` });
        const found = [...executions.values()]
          .filter((e) => e.stateMachineArn === request.stateMachineArn && (!request.statusFilter || e.status === request.statusFilter))
          .sort((a, b) => b.startDate - a.startDate)
          .slice(0, request.maxResults || 100);
        return answer(200, { executions: found });
      }
      return answer(400, { __type: 'UnknownOperationException', message: `the local runner does not serve ${target}` });
    } catch (error) {
      log(`local Step Functions endpoint: ${error.stack ?? error}`);
      return answer(500, { __type: 'InternalFailure', message: 'the local runner failed; see its output' });
    }
  });
  await listen(server, 0);
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => close(server) };
}

/** The admin routes on localhost: token check, then the real handler through the local Lambda endpoint. */
export async function startAdminFront({ port, lambdaUrl, key, functionName, log }) {
  const server = createServer(async (req, res) => {
    const answer = (status, body, headers = { 'Content-Type': 'application/json' }) => {
      res.writeHead(status, headers);
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    try {
      const url = new URL(req.url, 'http://localhost');
      const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(url.pathname));
      // API Gateway's order: an unmatched route is 404 before any authorizer runs.
      if (!route) return answer(404, { message: 'Not Found' });
      const claims = verifyToken(req.headers.authorization, key);
      if (!claims) return answer(401, { message: 'Unauthorized' }, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer' });
      const body = await readBody(req, MAX_BODY_BYTES);
      if (body === null) return answer(413, { message: 'Request Entity Too Large' });
      const response = await invokeLambda(lambdaUrl, functionName, event(req, url, route, claims, body));
      const headers = { ...(response.headers ?? {}) };
      return answer(response.statusCode ?? 200, response.isBase64Encoded ? Buffer.from(response.body, 'base64') : response.body ?? '', headers);
    } catch (error) {
      log(`admin API: ${error.stack ?? error}`);
      return answer(500, { message: 'Internal Server Error' });
    }
  });
  await listen(server, port);
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => close(server) };
}

/** The API Gateway HTTP API payload 2.0 event for a request that passed the authorizer. */
function event(req, url, route, claims, body) {
  const jobName = route.pattern.exec(url.pathname)[1];
  const query = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const now = new Date();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])),
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: ACCOUNT,
      apiId: 'local',
      authorizer: { jwt: { claims: authorizerClaims(claims), scopes: null } },
      domainName: req.headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: { method: req.method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress, userAgent: req.headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(jobName !== undefined ? { pathParameters: { jobName: decodeURIComponent(jobName) } } : {}),
    ...(body ? { body } : {}),
    isBase64Encoded: false,
  };
}

/** The request body as text, or null when it is larger than `limit` bytes. */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function close(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

function base64url(text) {
  return Buffer.from(text).toString('base64url');
}
