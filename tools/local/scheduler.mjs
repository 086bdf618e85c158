// ./scheduler's commands (see docs: architecture.md, "Local run"). `run` executes a job's real workflow
// definition (statemachine/) with the local Step Functions interpreter; its Tasks reach the real Java
// handlers, dynalite and fauxqs through generic bridges. Progress goes to stderr; stdout's last line is
// the execution record. Exit codes: 0 SUCCESS, 2 PARTIAL, 1 FAILED, 3 SKIPPED, 64 bad usage.
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  ACCOUNT, EXECUTIONS_TABLE, RECORDS_TABLE, catalogue, invokeLambda, localDir, startDynamo, startLambdas, startSns, unmarshall,
} from './stack.mjs';
import { overrides } from './bridges.mjs';
import { localTokens, signingKey, startAdminFront, startStepFunctionsEndpoint } from './serve.mjs';

// The interpreter uses Promise.withResolvers (Node 22); Node 20 is still common on these machines.
if (!Promise.withResolvers) {
  Promise.withResolvers = () => {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
const { StateMachine, ExecutionTimeoutError } = await import('aws-local-stepfunctions');

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXIT = { SUCCESS: 0, PARTIAL: 2, FAILED: 1, SKIPPED: 3 };
const USAGE = 64;

class UsageError extends Error {}

function usage() {
  return [
    'usage: ./scheduler <command>',
    '  run <jobName> [--sources a,b] [--mode full|incremental] [--portal URL] [--live]',
    '  history <jobName> [--limit N] [--json]',
    '  records <sourceId> [--json]',
    '  jobs',
    '  serve [--port N] [--portal URL] [--live]',
    '  test',
  ].join('\n');
}

/** Options of the form --name value or --flag; anything else is bad usage. */
function parseOptions(args, spec) {
  const positional = [];
  const options = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (!(name in spec)) throw new UsageError(`unknown option ${arg}`);
    if (spec[name] === 'flag') {
      options[name] = true;
    } else {
      if (i + 1 >= args.length || args[i + 1].startsWith('--')) throw new UsageError(`${arg} needs a value`);
      options[name] = args[++i];
    }
  }
  return { positional, options };
}

function jobNamed(cat, name) {
  const job = cat.jobs.find((j) => j.name === name);
  if (!job) {
    throw new UsageError(`${name ? `unknown job "${name}"` : 'a job name is required'}: valid jobs are ${cat.jobs.map((j) => j.name).join(', ')}`);
  }
  return job;
}

async function run(args) {
  const { positional, options } = parseOptions(args, { sources: 'value', mode: 'value', portal: 'value', live: 'flag' });
  const cat = catalogue(ROOT);
  if (positional.length !== 1) throw new UsageError(`run takes one job name: valid jobs are ${cat.jobs.map((j) => j.name).join(', ')}`);
  const job = jobNamed(cat, positional[0]);
  const input = { trigger: 'local' };
  if (options.sources !== undefined) {
    input.sources = options.sources.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = input.sources.filter((s) => !job.sources.includes(s));
    if (unknown.length || !input.sources.length) {
      throw new UsageError(`unknown source ${unknown.join(', ') || '(none given)'} for ${job.name}: valid sources are ${job.sources.join(', ')}`);
    }
  }
  if (options.mode !== undefined) {
    if (!['full', 'incremental'].includes(options.mode)) throw new UsageError(`--mode must be full or incremental, not "${options.mode}"`);
    input.mode = options.mode;
  }
  const portal = portalOption(options);
  // Test hook: any workflow input (the console's default, a bad one) in place of the command line's.
  const runInput = process.env.SCHEDULER_RUN_INPUT ? JSON.parse(process.env.SCHEDULER_RUN_INPUT) : input;
  const stack = await startStack(cat, portal);
  try {
    const execution = await startExecution(job, runInput, stack, randomUUID());
    const onInterrupt = () => {
      log('■ interrupted: stopping the run and releasing its lease');
      execution.abort();
    };
    process.once('SIGINT', onInterrupt);
    process.once('SIGTERM', onInterrupt);
    try {
      const record = await execution.done;
      process.stdout.write(`${JSON.stringify(record)}\n`);
      return EXIT[record.status] ?? EXIT.FAILED;
    } finally {
      process.removeListener('SIGINT', onInterrupt);
      process.removeListener('SIGTERM', onInterrupt);
    }
  } finally {
    await stack.stop();
  }
}

function portalOption(options) {
  if (options.portal && options.live) throw new UsageError('--portal and --live exclude each other');
  if (options.portal && !/^https?:\/\/[^/]+/.test(options.portal)) throw new UsageError(`--portal needs a base URL such as http://127.0.0.1:9000, not "${options.portal}"`);
  return options.live ? null : (options.portal ?? 'sample');
}

/**
 * The local stack `run` and `serve` share: dynalite, fauxqs and the Java process with the real handlers
 * (and, by default, the embedded sample portal). `extraEnv` adds to the functions' environment.
 */
async function startStack(cat, portal, extraEnv = {}) {
  const stops = [];
  const stop = async () => { for (const s of stops.reverse()) await s().catch(() => {}); stops.length = 0; };
  try {
    const dynamo = await startDynamo(ROOT);
    stops.push(dynamo.stop);
    const sns = await startSns();
    stops.push(sns.stop);
    const env = { ...extraEnv };
    if (portal === 'sample') {
      // The bundled samples hold a few dozen rows a source: small pages make every source page.
      for (const source of cat.sources) {
        const name = `SOURCE_PAGE_SIZE_${source.id.toUpperCase().replaceAll('-', '_')}`;
        if (!process.env[name]) env[name] = '10';
      }
    }
    const lambdas = await startLambdas(ROOT, { dynamoEndpoint: dynamo.endpoint, snsEndpoint: sns.endpoint, portal, extraEnv: env });
    stops.push(lambdas.stop);
    return { dynamo, sns, lambdas, portal, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts one run of a job's real workflow on the local interpreter, as Step Functions' StartExecution
 * would. Answers once it has started: its ARN, name and start time, `abort()`, `workflowStatus()` (the
 * Step Functions execution status) and `done`, which resolves with the run's execution record.
 */
async function startExecution(job, input, { dynamo, sns, lambdas, portal }, executionName) {
  const definition = await (await fetch(`${lambdas.url}/local/definition?job=${encodeURIComponent(job.name)}`)).json();
  const stateMachineArn = `arn:aws:states:local:${ACCOUNT}:stateMachine:${job.name}`;
  const executionArn = `arn:aws:states:local:${ACCOUNT}:execution:${job.name}:${executionName}`;
  const started = Date.now();
  const shown = Array.isArray(input.sources) ? input.sources : job.sources;
  const where = portal === 'sample' ? 'embedded sample portal' : portal ?? 'live portals';
  log(`▶ ${job.name} (${where}, trigger ${input.trigger ?? 'console'}): ${shown.join(', ')}`);

  const retryWaitMs = process.env.SCHEDULER_RETRY_WAIT_MS ? Number(process.env.SCHEDULER_RETRY_WAIT_MS) : undefined;
  const runOverrides = overrides(definition, {
    lambdaUrl: lambdas.url,
    dynamo: dynamo.client,
    sns: sns.client,
    retryWaitMs,
    onLambdaResult: progress,
  });
  const stateMachine = new StateMachine(definition);
  const execution = stateMachine.run(input, {
    overrides: runOverrides,
    context: {
      Execution: { Id: executionArn, Name: executionName },
      StateMachine: { Id: stateMachineArn, Name: job.name },
    },
  });
  let interrupted = false;
  let workflowStatus = 'RUNNING';
  const done = (async () => {
    try {
      await execution.result;
      workflowStatus = 'SUCCEEDED';
    } catch (error) {
      // What Step Functions' status-change event would tell the run finaliser (an EventBridge rule in AWS).
      workflowStatus = interrupted ? 'ABORTED' : error instanceof ExecutionTimeoutError ? 'TIMED_OUT' : 'FAILED';
      // The interpreter wraps the state's error; Step Functions reports the state's own error and cause.
      const failure = workflowStatus === 'FAILED' ? (error?.cause ?? error) : null;
      log(`■ the workflow ended ${workflowStatus}${failure ? `: ${failure.name}` : ''}`);
      await invokeLambda(lambdas.url, 'local-run-finaliser', {
        'detail-type': 'Step Functions Execution Status Change',
        detail: {
          executionArn, stateMachineArn, name: executionName, status: workflowStatus,
          startDate: started, stopDate: Date.now(), error: failure?.name ?? null, cause: failure?.message ?? null,
        },
      });
    }
    for (const alert of await sns.drainAlerts()) recordAlert(alert);
    const { Item } = await dynamo.client.send(new GetItemCommand({
      TableName: EXECUTIONS_TABLE, Key: { executionId: { S: executionArn } }, ConsistentRead: true,
    }));
    const record = Item ? unmarshall(Item) : { executionId: executionArn, jobName: job.name, status: 'FAILED', errorMessage: 'no record was written' };
    const failed = (record.sources ?? []).filter((s) => s.status === 'FAILED').map((s) => s.source);
    log(`■ ${job.name} ${record.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`
      + (failed.length ? ` (failed: ${failed.join(', ')})` : '')
      + (record.warnings?.length ? ` with ${record.warnings.length} warning(s)` : ''));
    return record;
  })();
  return {
    executionArn,
    name: executionName,
    startDate: started,
    done,
    workflowStatus: () => workflowStatus,
    abort: () => {
      interrupted = true;
      execution.abort();
    },
  };
}

/**
 * ./scheduler serve: the admin API on localhost over the local stack. The real AdminApiHandler runs in the
 * Java process; its Step Functions calls reach this process (AWS_ENDPOINT_URL_SFN), which starts runs with
 * the same startExecution as `run`.
 */
async function serve(args) {
  const { positional, options } = parseOptions(args, { port: 'value', portal: 'value', live: 'flag' });
  if (positional.length) throw new UsageError(`serve takes no arguments, not "${positional.join(' ')}"`);
  const port = options.port === undefined ? 8787 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${options.port}"`);
  const portal = portalOption(options);
  const cat = catalogue(ROOT);
  const adminGroup = process.env.ADMIN_GROUP || 'SUPER_ADMIN';
  const runs = new Set();
  let stack;
  const stepFunctions = await startStepFunctionsEndpoint({
    jobs: cat.jobs,
    log,
    start: async (job, input, name) => {
      const execution = await startExecution(job, input, stack, name);
      runs.add(execution);
      execution.done.catch((error) => log(`error: ${error.stack ?? error}`)).finally(() => runs.delete(execution));
      return execution;
    },
  });
  const stops = [stepFunctions.stop];
  const stopAll = async () => { for (const s of stops.reverse()) await s().catch(() => {}); stops.length = 0; };
  try {
    stack = await startStack(cat, portal, {
      AWS_ENDPOINT_URL_SFN: stepFunctions.url,
      STATE_MACHINE_ARN_PREFIX: `arn:aws:states:local:${ACCOUNT}:stateMachine:`,
      ADMIN_GROUP: adminGroup,
    });
    stops.push(stack.stop);
    const dir = localDir(ROOT);
    const key = signingKey(dir);
    const front = await startAdminFront({ port, lambdaUrl: stack.lambdas.url, key, functionName: 'local-admin-api', log });
    stops.push(front.stop);
    const tokens = localTokens(key, adminGroup);
    writeFileSync(join(dir, 'tokens.json'), `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
    process.stdout.write([
      `admin API: ${front.url}`,
      '  GET  /admin/jobs',
      '  POST /admin/jobs/{jobName}/trigger   body (optional): {"sources": [...], "mode": "full"|"incremental"}',
      '  GET  /admin/jobs/{jobName}/executions?limit=N&cursor=...',
      `admin token (${adminGroup}, valid 24 h): ${tokens.admin}`,
      `user token (no admin group, valid 24 h): ${tokens.user}`,
      `tokens written to ${join(dir, 'tokens.json')}; for example:`,
      `  curl -s -H "Authorization: Bearer $(node -p "require('./.local/tokens.json').admin")" ${front.url}/admin/jobs`,
      'Ctrl-C stops the server (and any run still going).',
      '',
    ].join('\n'));
    await new Promise((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    log('■ stopping: aborting runs still going');
    for (const execution of runs) execution.abort();
    await Promise.allSettled([...runs].map((execution) => execution.done));
    return 0;
  } finally {
    await stopAll();
  }
}

function progress(request, payload, error) {
  const source = request.Payload?.source;
  if (!source) return;
  const label = source.padEnd(22);
  if (error) {
    let message = error.message;
    try { message = JSON.parse(error.message).errorMessage; } catch { /* plain text */ }
    // Our own exceptions read better without their package; AWS error names (Sandbox.Timedout) stay whole.
    const name = error.name.startsWith('kr.publicdata.') ? error.name.replace(/^.*[.$]/, '') : error.name;
    log(`  ${label} attempt failed: ${name}: ${message}`);
    return;
  }
  const counts = `${payload.created} created, ${payload.updated} updated, ${payload.unchanged} unchanged, ${payload.removed} removed`;
  if (payload.status === 'RUNNING') {
    log(`  ${label} …page ${payload.cursor?.page ?? '?'}: ${counts}`);
  } else {
    log(`  ${label} ${payload.status} (${payload.pull}): ${counts}, ${payload.invalid} invalid, ${payload.apiCalls} API calls`);
    for (const warning of payload.warnings ?? []) log(`  ${label} warning: ${warning}`);
  }
}

/**
 * An alert the topic delivered (whoever published it): printed, and kept in alerts.jsonl — the subject and
 * body email and Slack would get. The run it is about is named in its body.
 */
function recordAlert(alert) {
  const dir = localDir(ROOT);
  mkdirSync(dir, { recursive: true });
  const executionId = String(alert.message).match(/^Execution:\s+(\S+)/m)?.[1] ?? null;
  appendFileSync(join(dir, 'alerts.jsonl'), `${JSON.stringify({
    time: new Date().toISOString(), topicArn: alert.topicArn, executionId, subject: alert.subject, message: alert.message,
  })}\n`);
  log(`⚠ ALERT ${alert.subject}`);
  for (const line of String(alert.message).trimEnd().split('\n')) log(`  │ ${line}`);
}

async function history(args) {
  const { positional, options } = parseOptions(args, { limit: 'value', json: 'flag' });
  const cat = catalogue(ROOT);
  if (positional.length !== 1) throw new UsageError(`history takes one job name: valid jobs are ${cat.jobs.map((j) => j.name).join(', ')}`);
  const job = jobNamed(cat, positional[0]);
  const limit = options.limit === undefined ? 20 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, not "${options.limit}"`);
  const dynamo = await startDynamo(ROOT);
  try {
    const records = [];
    let ExclusiveStartKey;
    do {
      const page = await dynamo.client.send(new QueryCommand({
        TableName: EXECUTIONS_TABLE, IndexName: 'byJob', KeyConditionExpression: 'jobName = :job',
        ExpressionAttributeValues: { ':job': { S: job.name } }, ScanIndexForward: false,
        Limit: limit - records.length, ExclusiveStartKey,
      })).catch(noTable);
      records.push(...(page.Items ?? []).map(unmarshall));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && records.length < limit);
    if (options.json) {
      for (const record of records) process.stdout.write(`${JSON.stringify(record)}\n`);
    } else {
      table(['START (KST)', 'STATUS', 'TRIGGER', 'MODE', 'DURATION', 'CREATED', 'UPDATED', 'UNCHANGED', 'REMOVED', 'FAILED SOURCES'],
        records.map((r) => [kst(r.startTime), r.status, r.trigger, r.mode, seconds(r.durationMs),
          r.result?.created ?? '', r.result?.updated ?? '', r.result?.unchanged ?? '', r.result?.removed ?? '',
          (r.sources ?? []).filter((s) => s.status === 'FAILED').map((s) => s.source).join(',')]));
      if (!records.length) log(`no runs of ${job.name} recorded yet: try ./scheduler run ${job.name}`);
    }
    return 0;
  } finally {
    await dynamo.stop();
  }
}

async function records(args) {
  const { positional, options } = parseOptions(args, { json: 'flag' });
  const cat = catalogue(ROOT);
  const valid = cat.sources.map((s) => s.id).join(', ');
  if (positional.length !== 1) throw new UsageError(`records takes one source id: valid sources are ${valid}`);
  const source = cat.sources.find((s) => s.id === positional[0]);
  if (!source) throw new UsageError(`unknown source "${positional[0]}": valid sources are ${valid}`);
  const dynamo = await startDynamo(ROOT);
  try {
    const rows = [];
    // The platform's read path: each shard's partition in turn, page by page; no scan.
    for (let shard = 0; shard < Math.max(1, source.shards ?? 1); shard++) {
      let ExclusiveStartKey;
      do {
        const page = await dynamo.client.send(new QueryCommand({
          TableName: RECORDS_TABLE, KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: `${source.id}#${String(shard).padStart(2, '0')}` } }, ExclusiveStartKey,
        })).catch(noTable);
        rows.push(...(page.Items ?? []).map(unmarshall));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }
    if (options.json) {
      for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
    } else {
      table(['KEY', 'NAME', 'ADDRESS', 'LAT', 'LON', 'LOCATION', 'REMOVED'], rows.map((r) => [
        r.naturalKey, r.name ?? '', r.roadAddress ?? r.lotAddress ?? '', r.latitude ?? '', r.longitude ?? '',
        r.locationStatus, r.removed ? 'yes' : '']));
      log(`${rows.length} records of ${source.id} (${rows.filter((r) => !r.removed).length} live)`);
    }
    return 0;
  } finally {
    await dynamo.stop();
  }
}

function jobs() {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const result = spawnSync(java, ['-cp', join(ROOT, 'functions/target/functions-lambda.jar'),
    'kr.publicdata.scheduler.local.JobsListing'], { stdio: 'inherit' });
  return result.status ?? 1;
}

function noTable(error) {
  if (error.name === 'ResourceNotFoundException') return { Items: [] };
  throw error;
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  process.stdout.write(`${line(headers)}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}

function kst(iso) {
  if (!iso) return '';
  return new Date(Date.parse(iso) + 9 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

function seconds(ms) {
  return ms === null || ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`;
}

function log(message) {
  process.stderr.write(`${message}\n`);
}

const COMMANDS = { run, history, records, jobs, serve };
const [command, ...rest] = process.argv.slice(2);
try {
  if (!COMMANDS[command]) throw new UsageError(command ? `unknown command "${command}"` : 'a command is required');
  process.exitCode = await COMMANDS[command](rest);
} catch (error) {
  if (error instanceof UsageError) {
    log(`${error.message}\n${usage()}`);
    process.exitCode = USAGE;
  } else {
    log(`error: ${error.stack ?? error}`);
    process.exitCode = 1;
  }
}
