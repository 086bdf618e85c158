// The local stack behind ./scheduler: dynalite (DynamoDB, data kept in .local/), fauxqs (SNS), and the
// Java process that serves the real Lambda handlers (and, by default, the embedded sample portal).
// Nothing here re-implements AWS logic: these are emulators, plus the real handlers.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite');

export const REGION = 'ap-northeast-2';
export const ACCOUNT = '000000000000';
// Tests give each run its own tables (and may share one emulator): SCHEDULER_TABLE_PREFIX.
const TABLE_PREFIX = process.env.SCHEDULER_TABLE_PREFIX ?? 'local-';
export const RECORDS_TABLE = `${TABLE_PREFIX}records`;
export const EXECUTIONS_TABLE = `${TABLE_PREFIX}executions`;
export const ALERT_TOPIC = 'local-alerts';
export const ALERT_TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:${ALERT_TOPIC}`;
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Where the local stack keeps its state: .local/ (git-ignored), or SCHEDULER_LOCAL_DIR (tests use a temporary one). */
export function localDir(root) {
  return process.env.SCHEDULER_LOCAL_DIR ?? join(root, '.local');
}

export function catalogue(root) {
  return JSON.parse(readFileSync(join(root, 'functions/src/main/resources/catalogue.json'), 'utf8'));
}

/**
 * Starts dynalite on the state directory's dynamodb/ (kept between runs), or uses the DynamoDB endpoint
 * in SCHEDULER_DYNAMODB_ENDPOINT (tests that share one emulator between runs).
 */
export async function startDynamo(root) {
  if (process.env.SCHEDULER_DYNAMODB_ENDPOINT) {
    const endpoint = process.env.SCHEDULER_DYNAMODB_ENDPOINT;
    return { endpoint, client: new DynamoDBClient({ region: REGION, endpoint, credentials: CREDENTIALS }), stop: async () => {} };
  }
  const dataDir = join(localDir(root), 'dynamodb');
  mkdirSync(dataDir, { recursive: true });
  const server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  const client = new DynamoDBClient({ region: REGION, endpoint, credentials: CREDENTIALS });
  return { endpoint, client, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * Starts fauxqs (an SNS emulator) with the local alert topic and a queue subscribed to it, standing in for
 * the email and Slack subscribers: drainAlerts() returns what the topic delivered, whoever published it.
 */
export async function startSns() {
  const { startFauxqs } = await import('fauxqs');
  const server = await startFauxqs({ port: 0, logger: false, defaultRegion: REGION });
  server.createTopic(ALERT_TOPIC, { region: REGION });
  const { queueUrl } = server.createQueue(`${ALERT_TOPIC}-inbox`, { region: REGION });
  server.subscribe({ topic: ALERT_TOPIC, queue: `${ALERT_TOPIC}-inbox`, region: REGION });
  const client = new SNSClient({ region: REGION, endpoint: server.address, credentials: CREDENTIALS });
  const sqs = new SQSClient({ region: REGION, endpoint: server.address, credentials: CREDENTIALS });
  async function drainAlerts() {
    const alerts = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      if (!Messages.length) return alerts;
      for (const message of Messages) {
        const notification = JSON.parse(message.Body);
        alerts.push({ subject: notification.Subject ?? null, message: notification.Message, topicArn: notification.TopicArn });
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    }
  }
  return { endpoint: server.address, client, drainAlerts, stop: () => server.stop() };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the Java process serving the real handlers, configured like a deployed function: tables, topic,
 * portal routing. `portal` is 'sample' (the embedded sample portal), a base URL, or null (live APIs).
 * Function logs go to .local/logs/lambda.log, like CloudWatch Logs. The classpath is the functions jar, or
 * SCHEDULER_CLASSPATH when set (tests inside the build run before the jar is packaged).
 */
export async function startLambdas(root, { dynamoEndpoint, snsEndpoint, portal, extraEnv = {} }) {
  mkdirSync(join(localDir(root), 'logs'), { recursive: true });
  const env = {
    ...process.env,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SNS: snsEndpoint,
    RECORDS_TABLE,
    EXECUTIONS_TABLE,
    ALERT_TOPIC_ARN,
    PROJECT_ROOT: root,
    POWERTOOLS_METRICS_NAMESPACE: 'PublicDataScheduler',
    POWERTOOLS_SERVICE_NAME: 'public-data-scheduler',
    ...extraEnv,
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  if (portal === 'sample') {
    const port = await freePort();
    env.LOCAL_SAMPLE_PORTAL_PORT = String(port);
    env.PORTAL_BASE_URL = `http://127.0.0.1:${port}`;
  } else if (portal) {
    env.PORTAL_BASE_URL = portal;
  } else {
    delete env.PORTAL_BASE_URL;
  }
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const log = createWriteStream(join(localDir(root), 'logs', 'lambda.log'), { flags: 'a' });
  // Tests inside the Maven build run before the jar is packaged: they pass their classpath instead.
  const classpath = process.env.SCHEDULER_CLASSPATH ?? join(root, 'functions/target/functions-lambda.jar');
  const child = spawn(java, ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', classpath,
    'kr.publicdata.scheduler.local.LocalLambdaServer'],
  { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.pipe(log);
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the local Lambda process exited (${code}); see logs/lambda.log in the local directory`)));
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line).port);
      } catch (e) {
        reject(new Error(`unexpected output from the local Lambda process: ${line}`));
      }
    });
  });
  lines.on('line', (line) => log.write(line + '\n'));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.stdin.end();
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    }),
  };
}

/** Invokes a function on the local Lambda endpoint like the Lambda Invoke API; errors carry Lambda's errorType. */
export async function invokeLambda(lambdaUrl, functionName, payload) {
  const response = await fetch(`${lambdaUrl}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload ?? {}),
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (response.headers.get('x-amz-function-error')) {
    // Step Functions reports a Lambda error with its errorType as the error name and the payload as Cause.
    const error = new Error(JSON.stringify({ errorMessage: body.errorMessage, errorType: body.errorType }));
    error.name = body.errorType;
    throw error;
  }
  if (!response.ok) {
    const error = new Error(body?.Message ?? `HTTP ${response.status}`);
    error.name = response.status === 404 ? 'Lambda.ResourceNotFoundException' : 'Lambda.ServiceException';
    throw error;
  }
  return body;
}

/** DynamoDB JSON to plain values. */
export function unmarshall(item) {
  const plain = {};
  for (const [name, value] of Object.entries(item ?? {})) plain[name] = fromAttribute(value);
  return plain;
}

function fromAttribute(value) {
  if ('S' in value) return value.S;
  if ('N' in value) return Number(value.N);
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  if ('M' in value) return unmarshall(value.M);
  if ('L' in value) return value.L.map(fromAttribute);
  if ('B' in value) return '(binary)';
  return null;
}
