// Starts fauxqs (an SNS/SQS emulator) on a free loopback port with one topic and a queue subscribed to it,
// and prints {"endpoint", "topicArn", "queueUrl"} once ready. For tests: it exits when its stdin closes.
// Usage: node tools/fauxqs.mjs [topicName]
import { startFauxqs } from 'fauxqs';

const region = 'ap-northeast-2';
const topic = process.argv[2] ?? 'alerts';
const server = await startFauxqs({ port: 0, logger: false, defaultRegion: region });
const { topicArn } = server.createTopic(topic, { region });
const { queueUrl } = server.createQueue(`${topic}-inbox`, { region });
server.subscribe({ topic, queue: `${topic}-inbox`, region });
process.stdout.write(`${JSON.stringify({ endpoint: server.address, topicArn, queueUrl })}\n`);
process.stdin.on('end', async () => { await server.stop(); process.exit(0); });
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
